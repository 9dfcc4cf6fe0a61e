/* Decision guides: the reader's answers -> a recommendation, in the browser.
 *
 * The page carries the guide and the knowledge base's computed evidence as JSON
 * (#bv-guide-data). evaluate() mirrors buzzvalue/model/guide.py line for line; the test
 * suite runs both on the same answer sets and requires the same results. No library, no
 * request: everything stays in the reader's browser, and the answers live in the address.
 */
(function () {
  "use strict";

  var ORDER = ["hold", "assess", "trial", "adopt"];
  var WEAK_TIERS = ["borderline", "insufficient evidence"];
  var COMPARABLE = 3;

  function list(v) { return Array.isArray(v) ? v : []; }
  function has(obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); }
  function orNull(v) { return v === undefined ? null : v; }

  function options(q, guide, ev, domains, levels) {
    if (q.choose === "pattern") {
      var found = [];
      Object.keys(ev.patterns).forEach(function (ref) {
        var tech = ref.split("#")[0];
        if (list(guide.technologies).indexOf(tech) >= 0) {
          found.push({id: ref, label: ev.patterns[ref].title + " (" + ev.technologies[tech].title + ")",
                      fit: null, flags: [], risk: 0, mitigation: 0});
        }
      });
      found.push({id: "other", label: "Something else (use the technology's overall evidence)",
                  fit: null, flags: [], risk: 0, mitigation: 0});
      return found;
    }
    if (q.choose === "domain") {
      return Object.keys(domains).map(function (code) {
        return {id: code, label: code + " " + domains[code], fit: null, flags: [], risk: 0, mitigation: 0};
      });
    }
    if (q.choose === "level") {
      return Object.keys(levels).map(function (value) {
        return {id: value, label: levels[value], fit: null, flags: [], risk: 0, mitigation: 0};
      });
    }
    return list(q.options).map(function (o) {
      return {id: String(o.id), label: String(o.label), fit: orNull(o.fit), flags: list(o.flags),
              risk: o.risk || 0, mitigation: o.mitigation || 0};
    });
  }

  function holds(when, facts, flags, level) {
    for (var key in when) {
      if (!has(when, key)) continue;
      var wanted = when[key];
      if (key === "flag" && flags.indexOf(wanted) < 0) return false;
      if (key === "not_flag" && flags.indexOf(wanted) >= 0) return false;
      if (key === "impact_at_least" && level < wanted) return false;
      if (has(facts, key) && facts[key] !== wanted) return false;
    }
    return true;
  }

  function comparable(cases, scope, ref, techId, domain, level) {
    var pool = cases.filter(function (c) {
      return scope === "pattern" ? c.patterns.indexOf(ref) >= 0 : c.technologies.indexOf(techId) >= 0;
    });
    function score(c) { return 2 * (c.domain === domain ? 1 : 0) + (c.level === level ? 1 : 0); }
    pool.sort(function (a, b) {
      var d = score(b) - score(a);
      if (d !== 0) return d;
      if (b.weight !== a.weight) return b.weight - a.weight;
      return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    });
    return pool.slice(0, COMPARABLE).map(function (c) {
      var why = [scope === "pattern" ? "same use pattern" : "same technology"];
      if (domain !== null && c.domain === domain) why.push("same domain");
      if (level !== null && c.level === level) why.push("same level of government");
      return {id: c.id, title: c.title, url: c.url, country: c.country, outcome: c.outcome,
              why: why.join("; ")};
    });
  }

  function evaluate(data, answers) {
    var guide = data.guide, ev = data.evidence, domains = data.domains, levels = data.levels;
    var questions = list(guide.questions);
    var chosen = {}, unanswered = [];
    var risk = 0, riskMax = 0, mitigation = 0, mitigationMax = 0;
    questions.forEach(function (q) {
      var opts = options(q, guide, ev, domains, levels);
      var pick = null;
      opts.forEach(function (o) { if (pick === null && o.id === answers[q.id]) pick = o; });
      if (pick === null) unanswered.push(q.id); else chosen[q.id] = pick;
      riskMax += opts.reduce(function (m, o) { return Math.max(m, o.risk); }, 0);
      mitigationMax += opts.reduce(function (m, o) { return Math.max(m, o.mitigation); }, 0);
      risk += pick ? pick.risk : 0;
      mitigation += pick ? pick.mitigation : 0;
    });
    var impact = guide.impact || {};
    var share = impact.mitigation_share === undefined ? 1 : impact.mitigation_share;
    var factor = impact.mitigation_factor === undefined ? 1 : impact.mitigation_factor;
    var credited = mitigationMax > 0 && mitigation * 100 >= Math.round(100 * share) * mitigationMax;
    var score = risk * (credited ? Math.round(100 * factor) : 100);
    var level = 1;
    list(impact.thresholds).forEach(function (t) { if (score > Math.round(100 * t) * riskMax) level += 1; });
    var flagSet = {};
    Object.keys(chosen).forEach(function (k) { chosen[k].flags.forEach(function (f) { flagSet[f] = true; }); });
    var flags = Object.keys(flagSet).sort();
    var fitFailed = Object.keys(chosen).some(function (k) { return chosen[k].fit === "fail"; });

    var patternQ = null, domainQ = null, levelQ = null;
    questions.forEach(function (q) {
      if (q.choose === "pattern" && patternQ === null) patternQ = q.id;
      if (q.choose === "domain" && domainQ === null) domainQ = q.id;
      if (q.choose === "level" && levelQ === null) levelQ = q.id;
    });
    var patternRef = patternQ !== null && has(chosen, patternQ) ? chosen[patternQ].id : null;
    var scope, e, techId;
    if (patternRef !== null && has(ev.patterns, patternRef)) {
      scope = "pattern"; e = ev.patterns[patternRef]; techId = patternRef.split("#")[0];
    } else {
      techId = list(guide.technologies)[0]; scope = "technology"; e = ev.technologies[techId];
    }
    var weakStrength = guide.weak_strength === undefined ? 1 : guide.weak_strength;
    var fragileAt = guide.fragile_recodings === undefined ? 2 : guide.fragile_recodings;
    var fragile = e.loo_flips || (e.recodings !== null && e.recodings <= fragileAt);
    var facts = {
      fit_failed: fitFailed,
      evidence_weak: WEAK_TIERS.indexOf(e.tier) >= 0 || e.evidence_strength <= weakStrength || fragile,
      evidence_not_delivering: !e.delivers,
      unanswered: unanswered.length > 0
    };
    var recommendation = "adopt", applied = [];
    var obligations = list((impact.obligations || {})[String(level)]).slice();
    list(guide.rules).forEach(function (rule) {
      if (!rule || !holds(rule.when || {}, facts, flags, level)) return;
      applied.push({rule: rule.id, because: orNull(rule.because), cap: orNull(rule.cap)});
      if (rule.cap && ORDER.indexOf(rule.cap) < ORDER.indexOf(recommendation)) recommendation = rule.cap;
      if (rule.obligation && obligations.indexOf(rule.obligation) < 0) obligations.push(rule.obligation);
    });
    var domain = domainQ !== null && has(chosen, domainQ) ? chosen[domainQ].id : null;
    var govLevel = levelQ !== null && has(chosen, levelQ) ? chosen[levelQ].id : null;
    var evidence = {scope: scope};
    Object.keys(e).forEach(function (k) { evidence[k] = e[k]; });
    evidence.fragile = fragile;
    return {
      guide: orNull(guide.id), recommendation: recommendation,
      recommendation_label: data.labels[recommendation], rules_applied: applied,
      impact: {level: level, risk: risk, risk_max: riskMax, mitigation: mitigation,
               mitigation_max: mitigationMax, mitigation_credit: credited, score_hundredths: score},
      obligations: obligations, evidence: evidence,
      comparable: comparable(ev.cases, scope, e.ref, techId, domain, govLevel),
      claims: list(ev.claims[e.ref]), checklist: list(guide.checklist).slice(),
      unanswered: unanswered, flags: flags, fit_failed: fitFailed
    };
  }

  var ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"};

  function markdown(data, answers, r) {
    var g = data.guide, lines = ["# " + g.title, "", "**Recommendation: " + r.recommendation_label + "**", ""];
    r.rules_applied.forEach(function (a) {
      lines.push("- " + a.because + (a.cap ? " (at most " + a.cap + ")" : ""));
    });
    lines.push("", "## Impact level " + ROMAN[r.impact.level], "");
    r.obligations.forEach(function (o) { lines.push("- " + o); });
    var e = r.evidence;
    lines.push("", "## Evidence: " + e.title, "",
               "Verdict: " + e.verdict + " (" + e.tier + "), evidence strength " + e.evidence_strength +
               " of 4. On this evidence, it " + e.wording + ". Delivered or partly delivered in " +
               e.positive + " of " + e.assessed + " assessed deployments (" + e.independent_positive +
               " of " + e.independent_assessed + " independently evaluated).", "");
    if (r.comparable.length) {
      lines.push("## Comparable deployments", "");
      r.comparable.forEach(function (c) { lines.push("- " + c.title + " (" + c.country + ", " + c.outcome + "): " + c.why); });
      lines.push("");
    }
    if (r.claims.length) {
      lines.push("## The promises that matter", "");
      r.claims.forEach(function (c) { lines.push("- " + c.text + " **" + c.label + "**"); });
      lines.push("");
    }
    lines.push("## Checklist before starting", "");
    r.checklist.forEach(function (c) { lines.push("- [ ] " + c); });
    lines.push("", "## Answers", "");
    list(g.questions).forEach(function (q) { lines.push("- " + q.text + " **" + (answers[q.id] || "not answered") + "**"); });
    lines.push("");
    return lines.join("\n");
  }

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  function render(box, data, answers, r) {
    var base = "../../";
    box.textContent = "";
    box.appendChild(el("h2", "Recommendation"));
    box.appendChild(el("p", r.recommendation_label, "bv-guide-recommendation bv-rec-" + r.recommendation));
    if (r.unanswered.length) {
      box.appendChild(el("p", r.unanswered.length + " question(s) not answered yet."));
    }
    var why = el("ul");
    r.rules_applied.forEach(function (a) {
      why.appendChild(el("li", a.because + (a.cap ? " (at most " + a.cap + ")" : "")));
    });
    if (r.rules_applied.length) box.appendChild(why);
    box.appendChild(el("h3", "Impact level " + ROMAN[r.impact.level] + " and what it requires"));
    var obl = el("ul");
    r.obligations.forEach(function (o) { obl.appendChild(el("li", o)); });
    box.appendChild(obl);
    var e = r.evidence;
    box.appendChild(el("h3", "What the evidence says: " + e.title));
    var p = el("p", "Verdict: " + e.verdict + " (" + e.tier + "), evidence strength " +
                e.evidence_strength + " of 4. On this evidence, it " + e.wording +
                ". Delivered or partly delivered in " + e.positive + " of " + e.assessed +
                " assessed deployments (" + e.independent_positive + " of " +
                e.independent_assessed + " independently evaluated). ");
    var a = el("a", e.scope === "pattern" ? "Read the brief" : "Read the technology page");
    a.href = base + e.url;
    p.appendChild(a);
    box.appendChild(p);
    if (r.comparable.length) {
      box.appendChild(el("h3", "The most comparable deployments"));
      var cl = el("ul");
      r.comparable.forEach(function (c) {
        var li = el("li"), link = el("a", c.title);
        link.href = base + c.url;
        li.appendChild(link);
        li.appendChild(document.createTextNode(" (" + c.country + ", " + c.outcome + "): " + c.why));
        cl.appendChild(li);
      });
      box.appendChild(cl);
    }
    if (r.claims.length) {
      box.appendChild(el("h3", "The promises that matter, on that evidence"));
      var cm = el("ul");
      r.claims.forEach(function (c) { cm.appendChild(el("li", c.text + " — " + c.label)); });
      box.appendChild(cm);
    }
    box.appendChild(el("h3", "Record before starting"));
    var ck = el("ul");
    r.checklist.forEach(function (c) { ck.appendChild(el("li", c)); });
    box.appendChild(ck);
    var tools = el("p", null, "bv-guide-tools");
    var print = el("button", "Print this result", "md-button");
    print.type = "button";
    print.addEventListener("click", function () { window.print(); });
    var dl = el("a", "Download as Markdown", "md-button");
    dl.href = "data:text/markdown;charset=utf-8," + encodeURIComponent(markdown(data, answers, r));
    dl.download = (data.guide.id || "guide") + "-result.md";
    tools.appendChild(print);
    tools.appendChild(document.createTextNode(" "));
    tools.appendChild(dl);
    box.appendChild(tools);
  }

  function readForm(form) {
    var answers = {};
    Array.prototype.forEach.call(form.elements, function (input) {
      if (!input.name) return;
      if (input.type === "radio") { if (input.checked) answers[input.name] = input.value; }
      else if (input.value) answers[input.name] = input.value;
    });
    return answers;
  }

  function fillForm(form, answers) {
    Array.prototype.forEach.call(form.elements, function (input) {
      if (!input.name || !has(answers, input.name)) return;
      if (input.type === "radio") input.checked = input.value === answers[input.name];
      else input.value = answers[input.name];
    });
  }

  function start() {
    var holder = document.getElementById("bv-guide-data");
    var form = document.getElementById("bv-guide");
    var box = document.getElementById("bv-guide-result");
    if (!holder || !form || !box) return;
    var data = JSON.parse(holder.textContent);
    var params = new URLSearchParams(window.location.search), answers = {};
    params.forEach(function (value, key) { answers[key] = value; });
    fillForm(form, answers);
    function update(push) {
      var now = readForm(form);
      render(box, data, now, evaluate(data, now));
      if (push) {
        var query = new URLSearchParams(now).toString();
        window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
      }
    }
    form.addEventListener("change", function () { update(true); });
    update(false);
  }

  window.bvGuide = {evaluate: evaluate, markdown: markdown};
  // Material announces each page (also after instant navigation) on document$.
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(start);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
