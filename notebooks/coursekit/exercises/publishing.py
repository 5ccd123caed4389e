"""Notebook 10, *Publishing a package*: the version-specifier explorer and the exercise checks.

The explorer answers with ``packaging``, the library pip vendors, so its answers are pip's; the
release check asks the running index (its ``/simple/`` page, as pip would) and opens the wheel it serves."""

from __future__ import annotations

import io
import re
import urllib.error
import urllib.request
import zipfile

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, Specifier, SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from coursekit import CourseError
from coursekit.checks import Wrong, clip, exercise, read_answer
from coursekit.exercises.building import first_mistake, project_folder, read_pyproject
from coursekit.ui import never_raises

NOTEBOOK = "10_publishing_a_package"
#: The versions of greeting-helper that exercise 1 is about.
HELPER_VERSIONS = ("1.0.0", "1.1.0", "1.2.0", "1.2.1", "2.0.0", "2.1.0b1")
#: Exercise 1: greet_all() came in 1.1.0; 2.0.0 renamed greet(); 1.2.0 had a bug fixed in 1.2.1.
WANTED = ("1.1.0", "1.2.1")
#: Exercise 2: the release the learner publishes.
RELEASE = "2.1.0"
_WORDS = {"==": "exactly {}", "!=": "anything but {}", ">=": "{} or newer", "<=": "{} or older", ">": "newer than {}"}
_WORDS |= {"<": "older than {}", "===": "the exact text {} (arbitrary equality, rarely used)"}


def _words(clause: Specifier) -> str:
    """One clause of a specifier in words."""
    operator, version = clause.operator, clause.version
    if operator == "~=":
        kept = version.count(".")
        same = "first part" if kept == 1 else f"first {kept} parts"
        prefix = version.rsplit(".", 1)[0]
        return f">={version} and =={prefix}.* (compatible release: same {same}, at least {version})"
    if version.endswith(".*"):
        return f"{'any' if operator == '==' else 'no'} version starting {version[:-2]}."
    return _WORDS[operator].format(version)


def _specifier(text: object) -> SpecifierSet:
    """The learner's specifier; CourseError naming the usual mistake."""
    if not isinstance(text, str) or len(text) > 200:
        raise CourseError(f"Type a version specifier such as '>=1.2' or '~=1.2', not {clip(repr(text), 60)}.")
    try:
        return SpecifierSet(text.strip())
    except InvalidSpecifier:
        first = text.split(",")[0].strip()
    for pattern, message in (
        (r"v?\d[\w.]*", f"each clause starts with an operator. Did you mean =={first}, >={first} or ~={first}?"),
        (r"~=\s*\d+", "~= needs at least two parts, like ~=1.2 (~=1 has no meaning)."),
        (r"=\s*\d.*|=[<>].*", "the operators are ==, !=, >=, <=, >, <, ~= (two characters for equality)."),
        (r".*", "use clauses like '>=1.2', '~=1.2', '==1.2.0', '!=1.3.0', separated by commas."),
    ):
        if re.fullmatch(pattern, first):
            raise CourseError(f"{text.strip()!r} is not a PEP 440 specifier: {message}")
    raise AssertionError  # pragma: no cover - the last pattern matches anything


def _versions(text: object) -> tuple[list[Version], list[str]]:
    """The valid versions in ``text`` (a list, or text separated by commas), sorted, and the invalid ones."""
    if isinstance(text, (list, tuple)):
        items = [str(v) for v in text]
    elif isinstance(text, str):
        items = [v for v in re.split(r"[\s,;]+", text) if v]
    else:
        raise CourseError(f"Type the versions as text separated by commas, like '1.0, 1.2, 2.0', not {text!r}.")
    if not 0 < len(items) <= 40:
        raise CourseError(
            f"Type at least one version to test, and at most 40, like '1.0, 1.2, 2.0' ({len(items)} now)."
        )
    good, bad = set(), []
    for item in items:
        try:
            good.add(Version(item))
        except InvalidVersion:
            bad.append(item[:40])
    return sorted(good), bad


def specifier_matches(specifier: str, versions, pre: bool = False) -> tuple[list[str], str | None]:
    """The versions ``specifier`` admits, as pip's ``SpecifierSet.filter`` decides, and the one pip would pick."""
    admitted = [str(v) for v in _specifier(specifier).filter(_versions(versions)[0], prereleases=pre or None)]
    return admitted, (admitted[-1] if admitted else None)


@never_raises
def explore_specifier(specifier: object, versions: object = ", ".join(HELPER_VERSIONS), pre: object = False) -> str:
    """Which of ``versions`` the ``specifier`` admits, line by line, and pip's pick (the widget's text)."""
    if not isinstance(pre, bool):
        raise CourseError(f"'allow pre-releases' is a yes/no choice (True or False), not {pre!r}.")
    spec, (good, bad) = _specifier(specifier), _versions(versions)
    clauses = [Specifier(part) for part in specifier.split(",") if part.strip()]  # type: ignore[union-attr]
    meaning = " and ".join(map(_words, clauses)) or "anything (an empty specifier, as in `pip install NAME`)"
    lines = [f"{specifier.strip() or '(empty)'} admits: {meaning}"]  # type: ignore[union-attr]
    admitted = list(spec.filter(good, prereleases=pre or None))
    width = max([len(str(v)) for v in good] + [len(b) for b in bad] + [5]) + 2
    for version in good:
        why = ""
        if version.is_prerelease and version in admitted:
            why = "you allowed them, as pip's --pre does" if pre else "the specifier names one, so pre-releases count"
            why = why if pre or spec.prereleases else "taken because no final release is admitted"
        elif version.is_prerelease and SpecifierSet(str(spec), prereleases=True).contains(version):
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
        raise Wrong(
            f'{shown} has no dependencies = [...] line in [project]: add dependencies = ["greeting-helper ..."].'
            if deps is None
            else f'dependencies must be a list of strings, like ["greeting-helper >=1.1"], not {deps!r}.'
        )
    try:
        found = [r for r in map(Requirement, deps) if canonicalize_name(r.name) == "greeting-helper"]
    except InvalidRequirement as exc:
        raise Wrong(f"that is not a valid requirement: {str(exc).splitlines()[0]}") from None
    first_mistake(
        (not found, f"dependencies lists {', '.join(map(repr, deps)) or 'nothing'}, but no greeting-helper."),
        (len(found) > 1, "greeting-helper is listed twice: put all its clauses in one string, separated by commas."),
        (found and (found[0].marker or found[0].extras), "keep it plain: no extras ([...]) and no markers (; ...)."),
    )
    spec = found[0].specifier
    admitted = [str(v) for v in spec.filter(HELPER_VERSIONS)]  # as pip: pre-releases only if nothing else fits
    if admitted != list(WANTED):
        refused = [f"it refuses {', '.join(v for v in WANTED if v not in admitted)}, which the app can use"]
        extra = [f"it admits {', '.join(v for v in admitted if v not in WANTED)}, which the app cannot use"]
        why = " and ".join(refused * (not set(WANTED) <= set(admitted)) + extra * (not set(admitted) <= set(WANTED)))
        raise Wrong(f"{spec or '(no specifier: anything)'} admits {', '.join(admitted) or 'none of them'}: {why}.")
    return f"{spec} admits {' and '.join(WANTED)}; pip would pick {WANTED[-1]}."


def _fetch(url: str) -> tuple[int, bytes]:
    """The status and body the index answers for ``url`` (an error status too); Wrong if nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:  # noqa: S310 - loopback only
            return answer.status, answer.read()
    except urllib.error.HTTPError as err:
        return err.code, b""
    except (OSError, ValueError):
        raise Wrong(
            "the package index does not answer: is it still running? Run the lesson's cell that starts it, "
            "upload again, then run this check."
        ) from None


@exercise(
    f"Release greeting-helper {RELEASE} to the index",
    hint=f'set version = "{RELEASE}" in pyproject.toml, build into a fresh folder (-o dist210) and upload '
    "that folder's files with the lesson's twine command.",
)
def check_new_release(index=None, folder="greeting_helper_project"):
    """``greeting_helper_project`` says version :data:`RELEASE` and has ``greet_all``; the index serves that wheel."""
    project = project_folder(NOTEBOOK, folder, "greeting_helper_project")
    version = str(read_pyproject(project / "pyproject.toml", f"{folder}/pyproject.toml")["project"].get("version"))
    code = read_answer(project / "src/greeting_helper/__init__.py", f"{folder}/src/greeting_helper/__init__.py")
    first_mistake(
        (version == "2.0.0", f"the version is still 2.0.0: the index already has those file names. Release {RELEASE}."),
        (version != RELEASE, f"the version in {folder}/pyproject.toml is {version!r}; the task asks for {RELEASE!r}."),
        ("def greet_all" not in code, f"{folder}/src/greeting_helper/__init__.py has no greet_all(): write it too."),
    )
    try:
        url = index if isinstance(index, str) else index.url  # type: ignore[union-attr]
    except CourseError:
        raise Wrong(
            "the package index is not running, so there is nothing to ask. Run the lesson's cell that starts "
            "it (index = PackageIndex(...).start()), upload again, then run this check."
        ) from None
    except Exception:
        raise Wrong(f"give the running index (the variable index from the lesson), not {clip(repr(index))}.") from None
    if not re.fullmatch(r"http://127\.0\.0\.1:\d{1,5}/", url):
        raise Wrong(f"{clip(repr(url))} is not the course's index: its address is http://127.0.0.1:PORT/.")
    page = _fetch(url + "simple/greeting-helper/")[1].decode("utf-8", "replace")  # b"" for a 404
    wheel = f"greeting_helper-{RELEASE}-py3-none-any.whl"
    links = {link.rsplit("/", 1)[-1]: link for link in re.findall(r'href="([^"#]+)', page)}
    if wheel not in links:
        raise Wrong(
            f"the index serves {', '.join(sorted(links)) or 'no file'} for greeting-helper, but not {wheel}. "
            "Build the new version, then upload it with twine (and read twine's last line: did it say 200?)."
        )
    status, body = _fetch(urllib.request.urljoin(url + "simple/greeting-helper/", links[wheel]))
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            served = archive.read("greeting_helper/__init__.py").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError):
        raise Wrong(f"the {wheel} the index serves ({status}) holds no greeting_helper/__init__.py.") from None
    if "def greet_all" not in served:
        raise Wrong(f"the {wheel} on the index has no greet_all(): rebuild after writing the code, then upload.")
    return f"The index serves {wheel}, with greet_all() in it. `pip install greeting-helper=={RELEASE}` would get it."
