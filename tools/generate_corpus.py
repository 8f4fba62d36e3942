"""Write a seeded collection of generated sessions: a data folder for benchmarks and scale tests.

Each session is a summary in the shape of the real ones (a background paragraph naming
organisers, moderators and speakers, then numbered sections of bullets), saved as a raw file,
and a session file whose statements quote it exactly, with the raw file's sha256. Statements
recombine the seed session's statements, the codebook's examples and its issue phrasing, so
codes vary from statement to statement. Speakers are invented people with real kinds of
organisations; a minority of statements is attributed to one of them. The same seed gives the
same bytes, and session N is the same whatever the total, so the first 201 sessions of a
1,000-session corpus are the 201-session corpus. Usage:

    .venv/bin/python tools/generate_corpus.py OUT_DIR [--sessions 1000] [--seed 14]
"""

import argparse
import hashlib
import json
import random
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from helpers.data.text import make_statement_id

PROJECT = Path(__file__).resolve().parents[1]
SEED_SESSION = PROJECT / "data" / "sessions" / "ecosoc-pf-2025-sdg8.yaml"
DEFAULT_SEED = 14
YEARS = range(2016, 2027)

# (forum as a session file names it, short name for ids, weight)
FORUMS = (
    ("ECOSOC Partnership Forum", "pf", 5),
    ("High-level Political Forum on Sustainable Development", "hlpf", 6),
    ("STI Forum", "sti", 3),
    ("ECOSOC Youth Forum", "youth", 3),
    ("Asia-Pacific Forum on Sustainable Development", "apfsd", 2),
    ("Africa Regional Forum on Sustainable Development", "arfsd", 2),
    ("Forum of the Countries of Latin America and the Caribbean on Sustainable Development", "lacfsd", 2),
    ("UNECE Regional Forum on Sustainable Development", "unece-rfsd", 2),
    ("Arab Forum for Sustainable Development", "afsd", 1),
)
SESSION_KINDS = ("SDG Action Segment for Goal {sdg}", "Thematic review of SDG {sdg}", "Round table on Goal {sdg}", "Partnership exchange on SDG {sdg}")
STATEMENT_SECTIONS = ("Key issues discussed", "Partnerships and opportunities", "Policy recommendations", "Ways forward")

GIVEN_NAMES = (
    "Amina", "Tomás", "Mei", "Oluwaseun", "Ingrid", "Rahul", "Fatima", "Joaquín", "Sione", "Leila",
    "Kwame", "Anna", "Hiroshi", "Nadia", "Diego", "Aisha", "Pavel", "Chiara", "Thandiwe", "Omar",
    "Sofía", "Lars", "Priya", "Mateus", "Zanele", "Élodie", "Bakhyt", "Noor", "Kofi", "Marta",
)  # fmt: skip
FAMILY_NAMES = (
    "Okafor", "Lindqvist", "Haddad", "Ramírez", "Nakamura", "Mensah", "Kowalska", "Banerjee", "Tuilagi", "Aziz",
    "Fernández", "Osei", "Novak", "Rahman", "Moreau", "Adeyemi", "Petrova", "Castillo", "Dlamini", "Kaur",
    "Bergström", "Chaudhry", "Silva", "Mbeki", "Yilmaz", "Ortega", "Nurlanovna", "Achterberg", "Danso", "Rossi",
)  # fmt: skip
COUNTRIES = ("Ghana", "Chile", "Viet Nam", "Norway", "Kenya", "Indonesia", "Morocco", "Jamaica", "Kazakhstan", "Portugal", "Fiji", "Senegal")
# (organisation, stakeholder group, titles a speaker from it may hold)
ORGANISATIONS = (
    ("ILO", "un_system", ("Director of the Employment Policy Department", "Senior Specialist on Skills")),
    ("UNDP", "un_system", ("Head of Digital Programmes", "Resident Representative")),
    ("UNCTAD", "un_system", ("Chief of the Technology Section",)),
    ("ITU", "un_system", ("Head of Digital Inclusion",)),
    ("OECD", "un_system", ("Senior Economist",)),
    ("IOE", "employers", ("Policy Adviser", "Vice-President")),
    ("International Chamber of Commerce", "employers", ("Head of Policy",)),
    ("ITUC", "workers", ("Director of Economic and Social Policy", "Deputy General Secretary")),
    ("Education International", "workers", ("Coordinator for Research",)),
    ("UNI Global Union", "workers", ("Head of Organising",)),
    ("Microsoft", "private_sector", ("Director of Public Policy",)),
    ("Accenture", "private_sector", ("Managing Director",)),
    ("Salesforce", "private_sector", ("Head of Sustainability",)),
    ("Major Group for Children and Youth", "youth", ("Organising Partner", "Youth delegate")),
    ("Women's Major Group", "women", ("Co-facilitator",)),
    ("International Disability Alliance", "persons_with_disabilities", ("Policy Officer",)),
    ("United Cities and Local Governments", "local_authorities", ("Mayor and Co-President",)),
)
GOVERNMENT_TITLES = ("Minister of Labour of {country}", "Permanent Representative of {country} to the United Nations", "Deputy Minister of Digital Affairs of {country}")
CONTRIBUTORS = (("Member state representatives", "governments"), ("Major Group on Children and Youth", "youth"), ("Civil society organizations", "civil_society"))
MODERATOR_ORGANISATIONS = (("ILO", "un_system"), ("UNIDO", "un_system"), ("UN DESA", "un_system"), ("UNDP", "un_system"))
ORGANISERS = (("ILO", "un_system"), ("UNIDO", "un_system"), ("UN DESA", "un_system"), ("UNDP", "un_system"), ("Business and Industry Major Group", "private_sector"), ("Workers and Trade Unions Major Group", "workers"))

# Issue phrasing of our own, beside the codebook's own include phrases.
EXTRA_PHRASES = (
    "generative AI in public services", "the automation of routine tasks", "productivity growth in small firms",
    "the creation of new jobs for young people", "decent work in global supply chains", "labour rights in the platform economy",
    "collective bargaining over new technology", "upskilling for workers in transition", "the digital divide between rural and urban areas",
    "broadband for schools and clinics", "widening inequalities between regions", "credit for small businesses",
    "social protection for informal workers", "the protection of personal data at work", "fair conditions for gig workers",
    "safe working environments", "a coherent regulatory framework", "public-private partnerships", "a just transition for coal regions",
    "the inclusion of women and persons with disabilities",
)  # fmt: skip
ACTORS = (
    "Governments", "Trade unions", "The private sector", "Young people", "Employers' organizations", "Civil society",
    "Local authorities", "Universities", "UN agencies", "Member States", "Women's organizations", "Smallholder farmers",
)  # fmt: skip
TEMPLATES = (
    "Participants called for {a} and {b};",
    "Several speakers stressed that {a} should go hand in hand with {b};",
    "{actor} should work together on {a};",
    "The discussion highlighted {a} as a priority for SDG {sdg};",
    "Progress on {a} was noted, while gaps remained in {b};",
    "It was suggested that {a} be built into national plans alongside {b};",
    "{actor} shared examples of {a} from {country};",
    "Speakers warned that without {a}, {b} would be hard to achieve;",
    "There was broad support for {a};",
    "{actor} and {actor2} were urged to invest in {a}.",
)  # fmt: skip
QUESTIONS = ("How can {a} be scaled up?", "What role should {actor_lower} play in {a}?")
HONORIFICS = ("Mr.", "Ms.", "Dr.", "H.E. Ms.", "H.E. Mr.")
ATTRIBUTION_VERBS = ("stressed that", "noted that", "said that", "underlined that")


@dataclass(frozen=True)
class Person:
    honorific: str
    name: str
    title: str
    organisation: str | None
    role: str
    group: str

    @property
    def introduction(self) -> str:
        """How the background paragraph names them: "Ms. Name, Title, Organisation"."""
        at = f" at {self.organisation}" if self.organisation and self.organisation not in self.title else ""
        return f"{self.honorific} {self.name}, {self.title}{at}"


def read_seed() -> tuple[list[str], list[tuple[str, list[str]]]]:
    """The seed session's statement texts, and the codebook's examples and include phrases per issue."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    seed = yaml.load(SEED_SESSION.read_text(encoding="utf-8"))
    codebook = yaml.load((PROJECT / "data" / "codebook.yaml").read_text(encoding="utf-8"))
    return [s["text"] for s in seed["statements"]], [(i["example"], list(i["include"])) for i in codebook["issues"]]


def count_statements(rng: random.Random) -> int:
    """About 5 to 25 positions, most sessions near 10: a mean of about 11, as in the seed-based corpus."""
    return min(25, 5 + int(rng.expovariate(1 / 7.9)))


def _lower_first(text: str) -> str:
    """Lowercase the first letter unless the first word is an acronym (AI, MSMEs)."""
    first_word = text.split()[0]
    return text if len(first_word) > 1 and first_word[:2].isupper() else text[0].lower() + text[1:]


def make_people(rng: random.Random, used_names: set[str]) -> list[Person]:
    """Organisers, speakers, moderators and contributors of one session."""

    def new_name() -> str:
        while True:
            name = f"{rng.choice(GIVEN_NAMES)} {rng.choice(FAMILY_NAMES)}"
            if name not in used_names:
                used_names.add(name)
                return name

    people = [Person("", "", "", organisation, "organiser", group) for organisation, group in rng.sample(ORGANISERS, rng.randint(1, 3))]
    for _ in range(rng.randint(3, 9)):
        if rng.random() < 0.25:
            title = rng.choice(GOVERNMENT_TITLES).format(country=rng.choice(COUNTRIES))
            people.append(Person(rng.choice(HONORIFICS), new_name(), title, None, "speaker", "governments"))
        else:
            organisation, group, titles = rng.choice(ORGANISATIONS)
            people.append(Person(rng.choice(HONORIFICS[:3]), new_name(), rng.choice(titles), organisation, "speaker", group))
    organisation, group = rng.choice(MODERATOR_ORGANISATIONS)
    people.append(Person(rng.choice(HONORIFICS[:3]), new_name(), "Director", organisation, "moderator", group))
    people += [Person("", "", "", organisation, "contributor", group) for organisation, group in rng.sample(CONTRIBUTORS, rng.randint(0, 2))]
    return people


def make_statement(rng: random.Random, sdg: int, seed_texts: list[str], issues: list[tuple[str, list[str]]]) -> str:
    """A seed statement, a codebook example, or issue phrases recombined in a template."""
    draw = rng.random()
    if draw < 0.3:
        return rng.choice(seed_texts)
    if draw < 0.4:
        return rng.choice(issues)[0]
    phrases = [phrase for _, include in rng.sample(issues, 2) for phrase in [rng.choice(include)]]
    if rng.random() < 0.4:
        phrases[rng.randrange(2)] = rng.choice(EXTRA_PHRASES)
    actor, actor2 = rng.sample(ACTORS, 2)
    text = rng.choice(TEMPLATES).format(a=phrases[0], b=phrases[1], actor=actor, actor2=actor2.lower(), sdg=sdg, country=rng.choice(COUNTRIES))
    return text[0].upper() + text[1:]


def _yaml_string(value: str | None) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML), or null."""
    return "null" if value is None else json.dumps(value, ensure_ascii=False)


def generate_session(number: int, seed: int, seed_texts: list[str], issues: list[tuple[str, list[str]]]) -> dict:
    """One session's id, raw text, raw format and session file, from its own random stream."""
    rng = random.Random(f"{seed}-{number}")
    forum, short, _ = rng.choices(FORUMS, weights=[weight for *_, weight in FORUMS])[0]
    year = rng.choice(YEARS)
    sdgs = sorted(rng.sample(range(1, 18), rng.choice((1, 1, 1, 2, 3))))
    session_id = f"{short}-{year}-sdg{sdgs[0]}-{number:04d}"
    title = rng.choice(SESSION_KINDS).format(sdg=sdgs[0])
    people = make_people(rng, set())
    speakers = [p for p in people if p.role == "speaker"]

    n_positions = count_statements(rng)
    n_sections = min(len(STATEMENT_SECTIONS), max(1, n_positions // 5))
    statements: list[dict] = []  # section, id, text, and optionally speaker, speaker_group, is_question
    seen: set[str] = set()
    ids: set[str] = set()
    while len(statements) < n_positions:
        section = 2 + min(n_sections - 1, len(statements) * n_sections // n_positions)
        text = make_statement(rng, sdgs[0], seed_texts, issues)
        record = {"section": section}
        if rng.random() < 0.15:  # attributed: the summary says who made the point
            speaker = rng.choice(speakers)
            text = f"{speaker.honorific} {speaker.name.split()[-1]} {rng.choice(ATTRIBUTION_VERBS)} {_lower_first(text)}"
            record.update(speaker=speaker.name, speaker_group=speaker.group)
        statement_id = make_statement_id(section, text)
        if text in seen or statement_id in ids:
            continue
        seen.add(text)
        ids.add(statement_id)
        statements.append({**record, "id": statement_id, "text": text})
    questions_section = 2 + n_sections
    questions = []
    if rng.random() < 0.1:
        for template in QUESTIONS:
            phrase = rng.choice(rng.choice(issues)[1])
            text = template.format(a=phrase, actor_lower=rng.choice(ACTORS).lower())
            questions.append({"section": questions_section, "id": make_statement_id(questions_section, text), "text": text, "is_question": True})

    section_titles = {1: "Background and objectives", **{2 + i: STATEMENT_SECTIONS[i] for i in range(n_sections)}}
    if questions:
        section_titles[questions_section] = "Guiding questions"
    organisers = [p.organisation for p in people if p.role == "organiser"]
    background = (
        f"The session reviewed progress on SDG {', '.join(map(str, sdgs))} and how partnerships can speed it up. "
        f"Speakers included {', '.join(p.introduction for p in speakers)}. "
        + "".join(f"{p.organisation} also contributed. " for p in people if p.role == "contributor")
        + f"It was moderated by {next(p.introduction for p in people if p.role == 'moderator')}."
    )
    lines = [forum, "", title, "", f"Organized by {', '.join(organisers)}", "", "1. Background and objectives", "", background, ""]
    for number_, section_title in section_titles.items():
        if number_ == 1:
            continue
        lines += [f"{number_}. {section_title}", ""]
        lines += [f"- {s['text']}" for s in statements + questions if s["section"] == number_]
        lines.append("")
    text = "\n".join(lines)
    is_html = rng.random() < 0.1
    raw = f"<!DOCTYPE html>\n<html><body><pre>\n{_escape_html(text)}</pre></body></html>\n" if is_html else text
    date = None if rng.random() < 0.02 else f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    is_inferred = date is not None and rng.random() < 0.1
    override = None
    if rng.random() < 0.05:
        override = {"statement": rng.choice(statements)["id"], "add_issues": ["partnerships"], "reason": "the point is about working together, in words the rules miss"}
    return {
        "id": session_id,
        "title": title,
        "forum": forum,
        "sdgs": sdgs,
        "date": date,
        "is_inferred": is_inferred,
        "people": people,
        "sections": section_titles,
        "statements": statements + questions,
        "text": text,
        "raw": raw,
        "is_html": is_html,
        "override": override,
    }


def _escape_html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def format_session_yaml(session: dict, raw_name: str, raw_sha256: str, text_name: str | None, text_sha256: str | None) -> str:
    """The session file, written by hand so that the bytes depend on nothing but the values."""
    out = [
        "# Generated by tools/generate_corpus.py: not a real session.",
        f"id: {session['id']}",
        f"title: {_yaml_string(session['title'])}",
        f"forum: {_yaml_string(session['forum'])}",
        f"sdgs: [{', '.join(map(str, session['sdgs']))}]",
        "date:",
        f"  value: {_yaml_string(session['date'])}",
        f"  is_inferred: {'true' if session['is_inferred'] else 'false'}",
    ]
    if session["is_inferred"]:
        out.append('  inferred_reason: "The summary states no date; the year of the forum is known from its programme."')
    out += ["source:", f"  raw_file: raw/{raw_name}", f"  sha256: {raw_sha256}"]
    if text_name:
        out += [f"  text_file: raw/{text_name}", f"  text_sha256: {text_sha256}", "  format: html"]
    else:
        out.append("  format: txt")
    out += ['  publisher: "Generated"', '  licence: "generated test data"', "document_kind: summary", "sections:"]
    out += [f"  - {{number: {number}, title: {_yaml_string(title)}}}" for number, title in session["sections"].items()]
    out.append("participants:")
    for p in session["people"]:
        if p.name:
            out += [f"  - honorific: {_yaml_string(p.honorific)}", f"    name: {_yaml_string(p.name)}", f"    title: {_yaml_string(p.title)}", f"    organisation: {_yaml_string(p.organisation)}"]
        else:
            out += ["  - name: null", "    title: null", f"    organisation: {_yaml_string(p.organisation)}"]
        out += [f"    role: {p.role}", f"    group: {p.group}"]
    out.append("statements:")
    for s in session["statements"]:
        out += [f"  - id: {s['id']}", f"    section: {s['section']}"]
        if "speaker" in s:
            out += [f"    speaker: {_yaml_string(s['speaker'])}", f"    speaker_group: {s['speaker_group']}"]
        if s.get("is_question"):
            out.append("    is_question: true")
        out.append(f"    text: {_yaml_string(s['text'])}")
    if session["override"]:
        o = session["override"]
        out += ["overrides:", f"  - statement: {o['statement']}", f"    add_issues: [{', '.join(o['add_issues'])}]", f"    reason: {_yaml_string(o['reason'])}"]
    return "\n".join(out) + "\n"


def generate_corpus(out_dir: Path, n_sessions: int, seed: int = DEFAULT_SEED) -> list[str]:
    """Write a data folder (the project's codebook and stakeholders, and N sessions); return the ids."""
    out_dir = Path(out_dir)
    if out_dir.exists() and any(out_dir.iterdir()):
        raise SystemExit(f"error: {out_dir}: not empty; generate into a new folder")
    (out_dir / "sessions").mkdir(parents=True)
    (out_dir / "raw").mkdir()
    for name in ("codebook.yaml", "stakeholders.yaml"):
        shutil.copyfile(PROJECT / "data" / name, out_dir / name)
    shutil.copytree(PROJECT / "data" / "schemas", out_dir / "schemas")
    seed_texts, issues = read_seed()
    ids = []
    for number in range(1, n_sessions + 1):
        session = generate_session(number, seed, seed_texts, issues)
        text_name = text_sha256 = None
        if session["is_html"]:
            raw_name, text_name = f"{session['id']}.html", f"{session['id']}.txt"
            (out_dir / "raw" / text_name).write_bytes(session["text"].encode("utf-8"))
            text_sha256 = hashlib.sha256(session["text"].encode("utf-8")).hexdigest()
        else:
            raw_name = f"{session['id']}.txt"
        raw_bytes = session["raw"].encode("utf-8")
        (out_dir / "raw" / raw_name).write_bytes(raw_bytes)
        yaml_text = format_session_yaml(session, raw_name, hashlib.sha256(raw_bytes).hexdigest(), text_name, text_sha256)
        (out_dir / "sessions" / f"{session['id']}.yaml").write_bytes(yaml_text.encode("utf-8"))
        ids.append(session["id"])
    return ids


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path, help="a new or empty folder")
    parser.add_argument("--sessions", type=int, default=1000, help="how many sessions (default 1000)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    arguments = parser.parse_args(argv)
    ids = generate_corpus(arguments.out_dir, arguments.sessions, arguments.seed)
    print(f"{arguments.out_dir}: {len(ids)} generated sessions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
