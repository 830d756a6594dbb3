"""Find, install and remember Hunspell dictionaries and our own word lists.

Search order for a language's ``.aff``/``.dic`` pair: the folders in
``settings.proofing.dictionary_dirs``, the user's ``dictionaries`` data folder, then the system
places (``/usr/share/hunspell``, ``/usr/share/myspell``, LibreOffice's ``share/extensions/dict-*``).
Personal and organisation dictionaries and the "ignore all" list are plain UTF-8 word lists,
one word a line, in the data folder; they are written atomically.
"""

from __future__ import annotations

import glob
import os
import threading
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from desktop.core.errors import ProofingError
from desktop.core.i18n import _
from desktop.core.paths import AppPaths, resource

HUNSPELL_CODES: dict[str, tuple[str, ...]] = {
    "en": ("en_US", "en-US"),
    "en-GB": ("en_GB", "en-GB"),
    "pt-BR": ("pt_BR", "pt-BR"),
    "id": ("id_ID", "id-ID", "id"),
}
SYSTEM_DICTIONARY_DIRS: tuple[str, ...] = (
    "/usr/share/hunspell",
    "/usr/share/myspell",
    "/usr/share/myspell/dicts",
    "/usr/lib/libreoffice/share/extensions/dict-*",
    "/usr/lib/libreoffice/share/extensions/dict-*/*",
    "/opt/libreoffice*/share/extensions/dict-*",
    "/opt/libreoffice*/share/extensions/dict-*/*",
    "/Applications/LibreOffice.app/Contents/Resources/extensions/dict-*",
)
WORD_LIST_SCOPES = ("personal", "organisation", "ignore")


def system_dictionary_dirs(patterns: Iterable[str] = SYSTEM_DICTIONARY_DIRS) -> list[Path]:
    """Expand the system search patterns into existing folders."""
    found: list[Path] = []
    for pattern in patterns:
        for name in sorted(glob.glob(pattern)):
            path = Path(name)
            if path.is_dir() and path not in found:
                found.append(path)
    return found


def find_dictionary(language: str, dirs: Sequence[Path]) -> tuple[Path, str] | None:
    """Return (folder, stem) of the first ``<stem>.aff`` + ``<stem>.dic`` pair for a language."""
    for folder in dirs:
        for stem in HUNSPELL_CODES.get(language, ()):
            if (folder / f"{stem}.aff").is_file() and (folder / f"{stem}.dic").is_file():
                return folder, stem
    return None


def _write_atomic(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, target)


def install_dictionary(path: str | Path, paths: AppPaths) -> list[str]:
    """Install a ``.dic``/``.aff`` pair or a LibreOffice ``.oxt`` into the user's dictionaries.

    Args:
        path: the ``.dic`` or ``.aff`` file (its partner must sit beside it) or an ``.oxt``.
        paths: the application's data paths.

    Returns:
        The stems installed, e.g. ``["pt_BR"]``.

    Raises:
        ProofingError: the file is missing, not a dictionary, or the pair is incomplete.
    """
    source = Path(path)
    if not source.is_file():
        raise ProofingError(_("dictionary file not found"), file=source)
    target_dir = paths.dictionaries_dir
    if source.suffix.lower() in (".dic", ".aff"):
        aff, dic = source.with_suffix(".aff"), source.with_suffix(".dic")
        if not (aff.is_file() and dic.is_file()):
            raise ProofingError(
                _("a Hunspell dictionary needs both a .aff and a .dic file"),
                file=source,
                hint=_("Put {aff} and {dic} in the same folder.").format(
                    aff=aff.name, dic=dic.name
                ),
            )
        _write_atomic(target_dir / aff.name, aff.read_bytes())
        _write_atomic(target_dir / dic.name, dic.read_bytes())
        return [source.stem]
    if source.suffix.lower() == ".oxt":
        return _install_oxt(source, target_dir)
    raise ProofingError(
        _("not a dictionary: expected a .dic/.aff pair or a LibreOffice .oxt"), file=source
    )


def _install_oxt(source: Path, target_dir: Path) -> list[str]:
    try:
        with zipfile.ZipFile(source) as archive:
            members = {Path(n).name: n for n in archive.namelist() if not n.endswith("/")}
            stems = sorted(
                name[:-4]
                for name in members
                if name.lower().endswith(".dic") and f"{name[:-4]}.aff" in members
            )
            if not stems:
                raise ProofingError(_("the .oxt holds no .dic/.aff pair"), file=source)
            for stem in stems:
                for ext in (".aff", ".dic"):
                    _write_atomic(target_dir / f"{stem}{ext}", archive.read(members[stem + ext]))
    except zipfile.BadZipFile as exc:
        raise ProofingError(_("not a valid .oxt (zip) file"), file=source) from exc
    return stems


class WordLists:
    """Personal, organisation and "ignore all" word lists per language, persisted as text files."""

    def __init__(self, folder: Path) -> None:
        """Remember the folder; lists are read on first use of a language."""
        self._folder = folder
        self._lock = threading.Lock()
        self._cache: dict[tuple[str, str], set[str]] = {}
        self._merged: dict[str, frozenset[str]] = {}

    def _file(self, scope: str, language: str) -> Path:
        return self._folder / f"{scope}-{language}.txt"

    def _load(self, scope: str, language: str) -> set[str]:
        key = (scope, language)
        if key not in self._cache:
            path = self._file(scope, language)
            words: set[str] = set()
            if path.is_file():
                text = path.read_text(encoding="utf-8", errors="replace")
                words = {w.strip() for w in text.splitlines() if w.strip()}
            self._cache[key] = words
        return self._cache[key]

    def words(self, language: str) -> frozenset[str]:
        """Return every accepted word (all scopes) for a language."""
        with self._lock:
            merged = self._merged.get(language)
            if merged is None:
                merged = frozenset().union(*(self._load(s, language) for s in WORD_LIST_SCOPES))
                self._merged[language] = merged
            return merged

    def add(self, word: str, language: str, scope: str) -> None:
        """Add a word to a list and write the list atomically."""
        if scope not in WORD_LIST_SCOPES:
            raise ProofingError(
                _("unknown dictionary scope '{scope}'").format(scope=scope),
                hint=_("Use personal or organisation."),
            )
        word = word.strip()
        if not word:
            raise ProofingError(_("cannot add an empty word to the dictionary"))
        with self._lock:
            words = self._load(scope, language)
            words.add(word)
            self._merged.pop(language, None)
            data = "\n".join(sorted(words)) + "\n"
            _write_atomic(self._file(scope, language), data.encode("utf-8"))


def supplement_words(language: str) -> frozenset[str]:
    """Return our shipped supplement word list for a language (may be empty)."""
    stem = {"id": "id_supplement", "pt-BR": "pt_BR_supplement", "en": "en_supplement"}.get(
        language.split("-")[0] if language.startswith("en") else language
    )
    if stem is None:
        return frozenset()
    path = resource("dictionaries", f"{stem}.txt")
    if not path.is_file():
        return frozenset()
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.add(line.lower())
    return frozenset(words)
