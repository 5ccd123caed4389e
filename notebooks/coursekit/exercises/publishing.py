"""Exercise checks and the version-specifier explorer for notebook 10, *Publishing a package*.

The explorer answers the question a resolver asks: which of these versions does this
specifier admit, and which one would pip take? It uses ``packaging``, the library pip
itself uses (pip vendors the same release), so the answers are pip's.

>>> print(explore_specifier("~=1.2", "1.1.0, 1.2.0, 1.9.3, 1.10.0rc1, 2.0.0"))
~=1.2 admits: >=1.2 and ==1.* (compatible release: same first part, at least 1.2)
  1.1.0      no
  1.2.0      yes
  1.9.3      yes
  1.10.0rc1  no (a pre-release: admitted only with pre-releases allowed or named in the specifier)
  2.0.0      no
pip would pick 1.9.3, the newest version admitted.

The checks read the learner's files and, for the release exercise, ask the running index
what it holds, as pip would (its ``/simple/`` page), then open the wheel it serves.
"""

from __future__ import annotations

import io
import re
import tomllib
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, Specifier, SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from coursekit import CourseError, workspace
from coursekit.checks import Wrong, clip, exercise, read_answer
from coursekit.ui import never_raises

__all__ = [
    "NOTEBOOK",
    "HELPER_VERSIONS",
    "explore_specifier",
    "specifier_matches",
    "check_dependency",
    "check_new_release",
]

#: The notebook whose working folder holds the exercises' files.
NOTEBOOK = "10_publishing_a_package"
#: The versions of greeting-helper exercise 1 is about (the index and the release notes).
HELPER_VERSIONS = ("1.0.0", "1.1.0", "1.2.0", "1.2.1", "2.0.0", "2.1.0b1")
#: Exercise 1: greet_all() came in 1.1.0; 2.0.0 renamed greet(); 1.2.0 had a bug fixed in 1.2.1.
WANTED = ("1.1.0", "1.2.1")
#: Exercise 2: the release the learner publishes.
RELEASE = "2.1.0"

_MAX_VERSIONS = 40

# ----------------------------------------------------------------- the specifier explorer

_OPERATOR_WORDS = {
    "==": "exactly {v}",
    "!=": "anything but {v}",
    ">=": "{v} or newer",
    "<=": "{v} or older",
    ">": "newer than {v}",
    "<": "older than {v}",
    "===": "the exact text {v} (arbitrary equality, rarely used)",
}


def _clause_words(operator: str, version: str) -> str:
    if operator == "~=":
        parts = version.split(".")
        prefix = ".".join(parts[:-1])
        return (
            f">={version} and =={prefix}.* (compatible release: same "
            f"{'first part' if len(parts) == 2 else 'first ' + str(len(parts) - 1) + ' parts'}, at least {version})"
        )
    if operator in ("==", "!=") and version.endswith(".*"):
        return f"{'any' if operator == '==' else 'no'} version starting {version[:-2]}."
    return _OPERATOR_WORDS[operator].format(v=version)


def _specifier(text: object) -> SpecifierSet:
    if not isinstance(text, str):
        raise CourseError(f"Type a version specifier such as '>=1.2' or '~=1.2', not {text!r}.")
    text = text.strip()
    if len(text) > 200:
        raise CourseError("That specifier is very long: a real one is a few clauses like '>=1.2, <2'.")
    try:
        return SpecifierSet(text)
    except InvalidSpecifier:
        pass
    first = text.split(",")[0].strip()
    if re.fullmatch(r"v?\d[\w.]*", first):
        raise CourseError(
            f"{text!r} is not a specifier: each clause starts with an operator. Did you mean =={first}, >={first} "
            f"or ~={first}?"
        )
    if re.match(r"~=\s*\d+$", first):
        raise CourseError(f"{first!r}: ~= needs at least two parts, like ~=1.2 (~=1 has no meaning).")
    if re.match(r"^=\s*\d", first) or re.match(r"^=>|^=<", first):
        raise CourseError(f"{first!r}: the operators are ==, !=, >=, <=, >, <, ~= (two characters for equality).")
    raise CourseError(
        f"{text!r} is not a PEP 440 specifier: use clauses like '>=1.2', '~=1.2', '==1.2.0', '!=1.3.0', "
        "separated by commas."
    )


def _versions(text: object) -> tuple[list[Version], list[str]]:
    if isinstance(text, (list, tuple)):
        items = [str(v) for v in text]
    elif isinstance(text, str):
        items = [v for v in re.split(r"[\s,;]+", text) if v]
    else:
        raise CourseError(f"Type the versions as text separated by commas, like '1.0, 1.2, 2.0', not {text!r}.")
    if not items:
        raise CourseError("Type at least one version to test, like '1.0, 1.2, 2.0'.")
    if len(items) > _MAX_VERSIONS:
        raise CourseError(f"That is {len(items)} versions; try at most {_MAX_VERSIONS}.")
    good, bad = [], []
    for item in items:
        try:
            version = Version(item)
        except InvalidVersion:
            bad.append(item[:40])
            continue
        if version not in good:
            good.append(version)
    return sorted(good), bad


def specifier_matches(specifier: str, versions, pre: bool = False) -> tuple[list[str], str | None]:
    """The versions ``specifier`` admits, and the one pip would pick (the newest admitted).

    Pre-releases are left out unless ``pre`` (pip's ``--pre``), the specifier names one,
    or no final release is admitted: ``SpecifierSet.filter`` decides, as when pip calls it.

    >>> specifier_matches("~=1.2.0", ["1.2.0", "1.2.9", "1.3.0"])
    (['1.2.0', '1.2.9'], '1.2.9')
    >>> specifier_matches(">=1", ["1.0", "2.1b1"])
    (['1.0'], '1.0')
    >>> specifier_matches(">=1", ["1.0", "2.1b1"], pre=True)
    (['1.0', '2.1b1'], '2.1b1')
    >>> specifier_matches(">=2", ["1.0", "2.1b1"])
    (['2.1b1'], '2.1b1')
    """
    spec = _specifier(specifier)
    good, _bad = _versions(versions)
    admitted = [str(v) for v in spec.filter(good, prereleases=True if pre else None)]
    return admitted, (admitted[-1] if admitted else None)


@never_raises
def explore_specifier(specifier: object, versions: object = ", ".join(HELPER_VERSIONS), pre: object = False) -> str:
    """Which of ``versions`` the ``specifier`` admits, line by line, and pip's pick (the widget's text)."""
    if not isinstance(pre, bool):
        raise CourseError(f"'allow pre-releases' is a yes/no choice (True or False), not {pre!r}.")
    spec = _specifier(specifier)
    good, bad = _versions(versions)
    text = str(specifier).strip()
    if not text:
        meaning = "anything (an empty specifier, as in `pip install NAME`)"
    else:
        clauses = [Specifier(part.strip()) for part in text.split(",") if part.strip()]
        meaning = " and ".join(_clause_words(c.operator, c.version) for c in clauses)
    admitted = list(spec.filter(good, prereleases=True if pre else None))
    with_pre = SpecifierSet(text, prereleases=True)
    width = max([len(str(v)) for v in good] + [len(b) for b in bad] + [5]) + 2
    lines = [f"{text or '(empty)'} admits: {meaning}"]
    for version in good:
        if version in admitted and version.is_prerelease:
            if pre:
                verdict = "yes (a pre-release: you allowed them, as pip's --pre does)"
            elif spec.prereleases:
                verdict = "yes (a pre-release: the specifier names one, so pre-releases count)"
            else:
                verdict = "yes (a pre-release, taken because no final release is admitted)"
        elif version in admitted:
            verdict = "yes"
        elif version.is_prerelease and with_pre.contains(version):
            verdict = "no (a pre-release: admitted only with pre-releases allowed or named in the specifier)"
        else:
            verdict = "no"
        lines.append(f"  {str(version):<{width}}{verdict}")
    for item in bad:
        lines.append(f"  {item:<{width}}not a PEP 440 version: pip ignores it")
    if admitted:
        lines.append(f"pip would pick {admitted[-1]}, the newest version admitted.")
    elif good:
        lines.append("No version is admitted: pip would stop with 'No matching distribution found'.")
    return "\n".join(lines)


# ----------------------------------------------------------------- shared helpers


def _folder(folder: object, example: str) -> Path:
    if not isinstance(folder, str):
        raise Wrong(f"give the exercise's folder name as text, like {example!r}, not {folder!r}.")
    try:
        workspace.check_folder_name(folder)
    except CourseError:
        raise Wrong(f"{folder!r} is not a folder name: give the exercise's folder, like {example!r}.") from None
    path = workspace.folder(NOTEBOOK) / folder
    if not path.is_dir():
        raise Wrong(
            f"there is no folder {folder}/ in the working folder: run the cells above the exercise first.",
            hint="run the notebook's cells in order, from the top (Run > Run All Above Selected Cell).",
        )
    return path


def _toml(text: str, shown: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = re.search(r"at line (\d+)", message)
        where = ""
        if match:
            number = int(match.group(1))
            lines = text.splitlines()
            if 0 < number <= len(lines):
                where = f" Line {number} reads: {lines[number - 1].strip()[:80]}"
        raise Wrong(
            f"{shown} is not valid TOML: {message}.{where}",
            hint='text needs double quotes, and a list is written ["a", "b"].',
        ) from None


def _project_table(data: dict, shown: str) -> dict:
    table = data.get("project")
    if not isinstance(table, dict):
        raise Wrong(f"{shown} has no [project] table: dependencies go there, under the name and version.")
    return table


# ----------------------------------------------------------------- exercise 1


@exercise(
    "Declare a dependency that admits exactly the right versions",
    hint="combine clauses with commas: a lower bound (>=), an upper bound (<) and an exclusion (!=).",
)
def check_dependency(folder="ex1"):
    """``ex1/pyproject.toml`` declares ``greeting-helper`` with a specifier that, of
    :data:`HELPER_VERSIONS`, admits exactly :data:`WANTED` (1.1.0 and 1.2.1)."""
    project = _folder(folder, "ex1")
    shown = f"{folder}/pyproject.toml"
    data = _toml(read_answer(project / "pyproject.toml", shown), shown)
    table = _project_table(data, shown)
    if "dependencies" not in table:
        raise Wrong(
            f'{shown} has no dependencies = [...] line in [project]: add dependencies = ["greeting-helper ..."].'
        )
    deps = table["dependencies"]
    if not isinstance(deps, list) or not all(isinstance(d, str) for d in deps):
        raise Wrong(f'dependencies must be a list of strings, like ["greeting-helper >=1.1"], not {deps!r}.')
    found = []
    for text in deps:
        try:
            requirement = Requirement(text)
        except InvalidRequirement as exc:
            raise Wrong(f"{text!r} is not a valid requirement: {str(exc).splitlines()[0]}") from None
        if canonicalize_name(requirement.name) == "greeting-helper":
            found.append(requirement)
    if not found:
        names = ", ".join(repr(d) for d in deps) or "nothing"
        raise Wrong(f"dependencies lists {names}, but no greeting-helper (the name pip knows it by).")
    if len(found) > 1:
        raise Wrong("greeting-helper is listed twice: put all its clauses in one string, separated by commas.")
    requirement = found[0]
    if requirement.marker is not None or requirement.extras:
        raise Wrong("keep it plain: no extras ([...]) and no markers (; ...) on greeting-helper.")
    # filter() over every version is what pip does (pre-releases only if nothing else fits)
    admitted = [str(v) for v in requirement.specifier.filter(HELPER_VERSIONS)]
    if admitted != list(WANTED):
        missing = [v for v in WANTED if v not in admitted]
        extra = [v for v in admitted if v not in WANTED]
        parts = []
        if missing:
            parts.append(f"it refuses {', '.join(missing)}, which the app can use")
        if extra:
            parts.append(f"it admits {', '.join(extra)}, which the app cannot use")
        spec = str(requirement.specifier) or "(no specifier: anything)"
        raise Wrong(f"{spec} admits {', '.join(admitted) or 'none of them'}: " + " and ".join(parts) + ".")
    return f"{requirement.specifier} admits {' and '.join(WANTED)}; pip would pick {WANTED[-1]}."


# ----------------------------------------------------------------- exercise 2


def _index_url(index: object) -> str:
    """The running index's upload URL, from the lesson's ``index`` (or that URL as text)."""
    if isinstance(index, str):
        url = index
    else:
        try:
            url = index.url  # type: ignore[union-attr]
        except CourseError:
            raise Wrong(
                "the package index is not running, so there is nothing to ask. Run the lesson's cell that starts "
                "it (index = PackageIndex(...).start()), upload again, then run this check."
            ) from None
        except Exception:
            raise Wrong(
                f"give the running index (the variable index from the lesson), not {clip(repr(index))}.",
                hint="run the lesson's cell that starts the index: index = PackageIndex(...).start()",
            ) from None
    if not isinstance(url, str) or not re.fullmatch(r"http://127\.0\.0\.1:\d{1,5}/", url):
        raise Wrong(f"{clip(repr(url))} is not the course's index: its address is http://127.0.0.1:PORT/.")
    return url


def _fetch(url: str) -> tuple[int, bytes]:
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
    """``greeting_helper_project`` now says version :data:`RELEASE` and has ``greet_all``;
    the running index serves the wheel of that version, holding that code."""
    project = _folder(folder, "greeting_helper_project")
    shown = f"{folder}/pyproject.toml"
    data = _toml(read_answer(project / "pyproject.toml", shown), shown)
    version = _project_table(data, shown).get("version")
    if version is None:
        raise Wrong(f'{shown} has no version = "..." in [project].')
    if str(version) == "2.0.0":
        raise Wrong(
            "the version is still 2.0.0: the index already has those file names and refuses them twice. "
            f"Release {RELEASE}."
        )
    if str(version) != RELEASE:
        raise Wrong(f"the version in {shown} is {version!r}; the task asks for {RELEASE!r}.")
    source = project / "src" / "greeting_helper" / "__init__.py"
    code = read_answer(source, f"{folder}/src/greeting_helper/__init__.py")
    if "def greet_all" not in code:
        raise Wrong(f"{folder}/src/greeting_helper/__init__.py has no greet_all(): write the new function too.")
    url = _index_url(index)
    status, page = _fetch(url + "simple/greeting-helper/")
    if status != 200:
        raise Wrong(f"the index has no greeting-helper at all (its page answered {status}): upload it again.")
    wheel = f"greeting_helper-{RELEASE}-py3-none-any.whl"
    links = re.findall(r'href="([^"#]+)', page.decode("utf-8", "replace"))
    names = sorted({link.rsplit("/", 1)[-1] for link in links})
    target = [link for link in links if link.rsplit("/", 1)[-1] == wheel]
    if not target:
        raise Wrong(
            f"the index serves {', '.join(names) or 'no file'} for greeting-helper, but not {wheel}. "
            "Build the new version, then upload it with twine (and read twine's last line: did it say 200?)."
        )
    status, body = _fetch(urllib.request.urljoin(url + "simple/greeting-helper/", target[0]))
    if status != 200:
        raise Wrong(f"the index lists {wheel} but answered {status} when asked for it.")
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            served = archive.read("greeting_helper/__init__.py").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError):
        raise Wrong(f"the {wheel} the index serves is not a wheel holding greeting_helper/__init__.py.") from None
    if "def greet_all" not in served:
        raise Wrong(f"the {wheel} on the index has no greet_all(): rebuild after writing the code, then upload.")
    return f"The index serves {wheel}, with greet_all() in it. `pip install greeting-helper=={RELEASE}` would get it."
