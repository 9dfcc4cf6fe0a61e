"""Every expected failure, mapped to an exit code in this one place.

Exit codes: 0 success; 1 the input has errors (or warnings under --strict) or cannot be
used; 2 a usage error; 3 a bug in buzzvalue (with its traceback); 130 interrupted.
"""

from __future__ import annotations

from ..core.errors import BuzzvalueError
from ..core.git import GitProblem
from ..export.schemabundle import BundleError
from ..load.schemas import SchemaError
from ..load.strictyaml import YamlProblem
from ..model.rubric import RubricError

OK, FAILED, USAGE, BUG, INTERRUPTED = 0, 1, 2, 3, 130


class UsageError(BuzzvalueError):
    """The command line asks for something that cannot be done."""


class InputError(BuzzvalueError):
    """The input (entries, schema, rubric) is not fit for the command."""


class DraftError(UsageError):
    """The command line asks for an entry that cannot be drafted (`buzzvalue new`)."""


class Taken(InputError):
    """The file or the id already exists; `buzzvalue new` never overwrites."""


EXIT_CODES: dict[type[BuzzvalueError], int] = {
    UsageError: USAGE,
    DraftError: USAGE,
    GitProblem: USAGE,  # --changed without git, outside a repository, or with an unknown base
    InputError: FAILED,
    Taken: FAILED,
    RubricError: FAILED,
    SchemaError: FAILED,
    BundleError: FAILED,
    YamlProblem: FAILED,  # reported as a diagnostic; should one escape, it is still bad input
}


def exit_code(error: BuzzvalueError) -> int:
    """The exit code for an expected failure: its own, else its nearest parent's."""
    return next((EXIT_CODES[kind] for kind in type(error).__mro__ if kind in EXIT_CODES),
                FAILED)
