"""Notebook 10, *Publishing a package*: the version-specifier explorer (pip's rules: ``packaging``) and the checks."""

import re
import zipfile

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, Specifier, SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import VERSION_PATTERN, Version

from coursekit import CourseError
from coursekit.checks import Wrong, clip, exercise, first_mistake, read_answer
from coursekit.exercises.building import project_folder, read_pyproject
from coursekit.indexserver import PackageIndex
from coursekit.ui import never_raises

NOTEBOOK = "10_publishing_a_package"
#: The versions of greeting-helper that exercise 1 is about.
HELPER_VERSIONS = ("1.0.0", "1.1.0", "1.2.0", "1.2.1", "2.0.0", "2.1.0b1")
#: Exercise 1: greet_all() came in 1.1.0; 2.0.0 renamed greet(); 1.2.0 had a bug fixed in 1.2.1.
WANTED = ("1.1.0", "1.2.1")
RELEASE = "2.1.0"  #: exercise 2: the release the learner publishes
_WORDS = {"==": "exactly {}", "!=": "anything but {}", ">=": "{} or newer", "<=": "{} or older", ">": "newer than {}"}
_WORDS |= {"<": "older than {}", "===": "the exact text {} (arbitrary equality, rarely used)"}
_VERSION = re.compile(VERSION_PATTERN, re.VERBOSE | re.IGNORECASE)  #: a PEP 440 version, as Version reads it
#: What is wrong with a specifier's first clause: the message of the first pattern it matches.
_MISTAKES = (
    (r"v?\d[\w.]*", "each clause starts with an operator. Did you mean =={0}, >={0} or ~={0}?"),
    (r"~=\s*\d+", "~= needs at least two parts, like ~=1.2 (~=1 has no meaning)."),
    (r"=\s*\d.*|=[<>].*", "the operators are ==, !=, >=, <=, >, <, ~= (two characters for equality)."),
    (r".*", "use clauses like '>=1.2', '~=1.2', '==1.2.0', '!=1.3.0', separated by commas."),
)


def _words(clause: Specifier) -> str:
    """One clause of a specifier in words."""
    operator, version = clause.operator, clause.version
    if operator == "~=":
        same = "first part" if version.count(".") == 1 else f"first {version.count('.')} parts"
        return f">={version} and =={version.rsplit('.', 1)[0]}.* (compatible release: same {same}, at least {version})"
    if version.endswith(".*"):
        return f"{'any' if operator == '==' else 'no'} version starting {version[:-2]}."
    return _WORDS[operator].format(version)


@never_raises
def explore_specifier(specifier: object, versions: object = ", ".join(HELPER_VERSIONS), pre: object = False) -> str:
    """Which of ``versions`` the ``specifier`` admits, line by line, and pip's pick (the widget's text)."""
    first_mistake(
        (not isinstance(specifier, str), f"Type a version specifier such as '>=1.2' or '~=1.2', not {specifier!r}."),
        (not isinstance(versions, str), f"Type the versions as text, like '1.0, 1.2, 2.0', not {versions!r}."),
        (not isinstance(pre, bool), f"'allow pre-releases' is a yes/no choice (True or False), not {pre!r}."),
        error=CourseError,
    )
    try:
        spec = SpecifierSet(specifier.strip())
    except InvalidSpecifier:
        first = specifier.split(",")[0].strip()
        why = next(message for pattern, message in _MISTAKES if re.fullmatch(pattern, first))
        raise CourseError(f"{specifier.strip()!r} is not a PEP 440 specifier: {why.format(first)}") from None
    items = [v for v in re.split(r"[\s,;]+", versions) if v]
    if not items:
        raise CourseError("Type at least one version to test, like '1.0, 1.2, 2.0'.")
    good = sorted({Version(v) for v in items if _VERSION.fullmatch(v)})
    bad = [v[:40] for v in items if not _VERSION.fullmatch(v)]
    clauses = [Specifier(part) for part in specifier.split(",") if part.strip()]
    meaning = " and ".join(map(_words, clauses)) or "anything (an empty specifier, as in `pip install NAME`)"
    lines = [f"{specifier.strip() or '(empty)'} admits: {meaning}"]
    admitted = list(spec.filter(good, prereleases=pre or None))
    width = max([len(str(v)) for v in good] + [len(b) for b in bad] + [5]) + 2
    for version in good:
        why = ""
        if version.is_prerelease and version in admitted:
            why = "you allowed them, as pip's --pre does" if pre else "the specifier names one, so pre-releases count"
            why = why if pre or spec.prereleases else "taken because no final release is admitted"
        elif version.is_prerelease and spec.contains(version, prereleases=True):
            why = "admitted only with pre-releases allowed or named in the specifier"
        verdict = ("yes" if version in admitted else "no") + f" (a pre-release: {why})" * bool(why)
        lines.append(f"  {str(version):<{width}}{verdict}")
    lines += [f"  {item:<{width}}not a PEP 440 version: pip ignores it" for item in bad]
    if admitted:
        lines.append(f"pip would pick {admitted[-1]}, the newest version admitted.")
    elif good:
        lines.append("No version is admitted: pip would stop with 'No matching distribution found'.")
    return "\n".join(lines)


@exercise(
    "Declare a dependency that admits exactly the right versions",
    hint="combine clauses with commas: a lower bound (>=), an upper bound (<) and an exclusion (!=).",
)
def check_dependency(folder="ex1"):
    """``ex1/pyproject.toml`` depends on ``greeting-helper`` with a specifier that admits exactly :data:`WANTED`."""
    shown = f"{folder}/pyproject.toml"
    table = read_pyproject(project_folder(NOTEBOOK, folder, "ex1") / "pyproject.toml", shown)["project"]
    deps = table.get("dependencies")
    if not isinstance(deps, list) or not all(isinstance(d, str) for d in deps):
        raise Wrong(f'{shown} needs dependencies = ["greeting-helper ..."], a list of strings, not {deps!r}.')
    try:
        found = [r for r in map(Requirement, deps) if canonicalize_name(r.name) == "greeting-helper"]
    except InvalidRequirement as exc:
        raise Wrong(f"that is not a valid requirement: {str(exc).splitlines()[0]}") from None
    first_mistake(
        (not found, f"dependencies lists {', '.join(map(repr, deps)) or 'nothing'}, but no greeting-helper."),
        (len(found) > 1, "greeting-helper is listed twice: put all its clauses in one string, separated by commas."),
    )
    spec = found[0].specifier
    admitted = [str(v) for v in spec.filter(HELPER_VERSIONS)]  # as pip: pre-releases only if nothing else fits
    if admitted != list(WANTED):
        refused = [f"it refuses {', '.join(v for v in WANTED if v not in admitted)}, which the app can use"]
        extra = [f"it admits {', '.join(v for v in admitted if v not in WANTED)}, which the app cannot use"]
        why = " and ".join(refused * (not set(WANTED) <= set(admitted)) + extra * (not set(admitted) <= set(WANTED)))
        raise Wrong(f"{spec or '(no specifier: anything)'} admits {', '.join(admitted) or 'none of them'}: {why}.")
    return f"{spec} admits {' and '.join(WANTED)}; pip would pick {WANTED[-1]}."


@exercise(
    f"Release greeting-helper {RELEASE} to the index",
    hint=f'set version = "{RELEASE}" in pyproject.toml, build into a fresh folder (-o dist210) and upload '
    "that folder's files with the lesson's twine command.",
)
def check_new_release(index=None, folder="greeting_helper_project"):
    """``greeting_helper_project`` says version :data:`RELEASE` and has ``greet_all``; the index lists that wheel."""
    project = project_folder(NOTEBOOK, folder, "greeting_helper_project")
    version = str(read_pyproject(project / "pyproject.toml", f"{folder}/pyproject.toml")["project"].get("version"))
    code = read_answer(project / "src/greeting_helper/__init__.py", f"{folder}/src/greeting_helper/__init__.py")
    first_mistake(
        (version == "2.0.0", f"the version is still 2.0.0: the index already has those file names. Release {RELEASE}."),
        (version != RELEASE, f"the version in {folder}/pyproject.toml is {version!r}; the task asks for {RELEASE!r}."),
        ("def greet_all" not in code, f"{folder}/src/greeting_helper/__init__.py has no greet_all(): write it too."),
        (not isinstance(index, PackageIndex), f"give the running index (the variable index), not {clip(repr(index))}."),
        (
            not getattr(index, "running", True),
            "the package index is not running, so there is nothing to ask. Run the lesson's cell that starts "
            "it (index = PackageIndex(...).start()), upload again, then run this check.",
        ),
    )
    page = index.get("simple/greeting-helper/")  # what pip reads; a 404 before the first upload
    links = [link.rsplit("/", 1)[-1] for link in re.findall(r'href="([^"#]+)', page.text)] * (page.status == 200)
    wheel = f"greeting_helper-{RELEASE}-py3-none-any.whl"
    if wheel not in links:
        raise Wrong(
            f"the index serves {', '.join(sorted(links)) or 'no file'} for greeting-helper, but not {wheel}. "
            "Build the new version, then upload it with twine (and read twine's last line: did it say 200?)."
        )
    with zipfile.ZipFile(index.packages / wheel) as archive:  # the file the index serves
        served = archive.read("greeting_helper/__init__.py").decode("utf-8", "replace")
    if "def greet_all" not in served:
        raise Wrong(f"the {wheel} on the index has no greet_all(): rebuild after writing the code, then upload.")
    return f"The index serves {wheel}, with greet_all() in it. `pip install greeting-helper=={RELEASE}` would get it."
