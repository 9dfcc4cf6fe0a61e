"""Country names for ISO 3166-1 alpha-2 codes."""

from __future__ import annotations

import functools

# ISO 3166 "exceptionally reserved" code used for the European Union; pycountry omits it.
EXTRA_COUNTRIES = {"EU": "European Union"}


@functools.lru_cache(maxsize=512)
def country_name(code: str) -> str | None:
    if code in EXTRA_COUNTRIES:
        return EXTRA_COUNTRIES[code]
    import pycountry  # its database loads in 20 ms: only when a country is looked up

    country = pycountry.countries.get(alpha_2=code)
    return getattr(country, "common_name", None) or getattr(country, "name", None)
