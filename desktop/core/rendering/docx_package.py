"""A DOCX layout compiled once per process; each letter renders three parts and zips them.

Filling a layout with docxtpl re-opens the whole package, re-serialises and re-cleans the XML
of the body, header and footer (``patch_xml``, a few dozen regular expressions) and re-writes
every part, for every letter. :class:`CompiledLayout` does the layout-only work once: page size
applied, docxtpl's cleaning of each templated part, Jinja compilation, and the bytes of every
part no letter changes (styles, theme, settings ...). Per letter, :class:`LetterPackage` renders
the templated parts and records what the letter adds: pictures (media parts and their
relationships), hyperlinks, a restarted numbered list, the core properties. Each of those steps
is the one docxtpl and python-docx take, done with their own functions where they are pure, so
the file is the same; tests/data/golden/ holds every part of reference letters as docxtpl made
them (see docs/decisions/0009-merge-speed.md).

Most members of every letter's ZIP repeat letter after letter (styles, theme, settings, fonts,
the logo and signature, the layout's relationships): each layout keeps them deflated in a small
:class:`~desktop.core.rendering.zipwriter.BoundedCache` keyed by their bytes, and
:func:`~desktop.core.rendering.zipwriter.zip_archive` writes the archive from deflated members.
The letter's own parts (body, header, footer, core properties, a changed numbering) are
deflated each time. The same kind of cache keeps the XML of the content types and of the
letters' relationships, and the finished bytes of a header or footer by its Jinja output (a
letterhead without fields comes out the same letter after letter, so it is neither parsed nor
deflated again); the layout's own relationships are serialised once, when it is compiled.
"""

from __future__ import annotations

import copy
import functools
import io
import re
import threading
import time
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, cast

from docx.image.image import Image as DocxImage
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.coreprops import CoreProperties
from docx.opc.oxml import CT_Types, serialize_part_xml
from docx.opc.packuri import PACKAGE_URI, PackURI
from docx.opc.rel import Relationships
from docx.opc.spec import default_content_types
from docx.oxml import parse_xml
from docx.oxml.shape import CT_Inline
from docx.shared import Emu, Mm
from docxtpl import DocxTemplate
from jinja2 import Environment, Template

from desktop.core.rendering.zipwriter import BoundedCache, Deflated, deflate, zip_archive

_DOCUMENT_PART = PackURI("/word/document.xml")
_STORY_RELS = (DocxTemplate.HEADER_URI, DocxTemplate.FOOTER_URI)
_DEFLATE_CACHE_SIZE = 64  # members a layout keeps deflated: about 20 repeat in every letter
_XML_CACHE_SIZE = 16  # content types and relationships of letters a layout keeps serialised
_FINISHED_CACHE_SIZE = 8  # headers and footers a layout keeps finished, by their Jinja output


@dataclass(frozen=True)
class _PartRef:
    """A part of the layout package as a relationship target (only its name is needed)."""

    partname: PackURI


@dataclass(frozen=True)
class _Rel:
    reltype: str
    target: _PartRef | str
    rId: str
    is_external: bool


@dataclass(frozen=True)
class _Part:
    """A part of the compiled package: its bytes (None for templated parts) and relationships."""

    partname: PackURI
    content_type: str
    blob: bytes | None
    rels: tuple[_Rel, ...]


@dataclass(frozen=True)
class _Story:
    """A templated part (body, header, footer): docxtpl's cleaned XML compiled by Jinja."""

    partname: PackURI
    template: Template
    next_id: int  # python-docx's next shape id for the part as the layout holds it


@dataclass(frozen=True)
class _Media:
    """A picture added by one letter (python-docx's ImagePart without the package)."""

    partname: PackURI
    image: DocxImage

    @property
    def content_type(self) -> str:
        return self.image.content_type


def _copy_rels(partname: PackURI, rels: tuple[_Rel, ...]) -> Relationships:
    copy = Relationships(partname.baseURI)
    for rel in rels:
        target: Any = rel.target  # a _PartRef stands in for the Part: only its partname is read
        copy.add_relationship(rel.reltype, target, rel.rId, rel.is_external)
    return copy


class _LetterPart:
    """One templated part of one letter, answering what python-docx and pictures ask of a part.

    The body writer (:mod:`desktop.core.rendering.docx_body`) asks it for style ids and
    hyperlink relationships; pictures add an image relationship and read the next shape id. The
    answers are python-docx's own (same Relationships class, same rId and id rules).
    """

    def __init__(self, letter: LetterPackage, part: _Part, story: _Story) -> None:
        self._letter = letter
        self.partname = part.partname
        self.rels = _copy_rels(part.partname, part.rels)
        self.next_id = story.next_id

    def relate_to(self, target: Any, reltype: str, is_external: bool = False) -> str:
        """Return the rId of a relationship to ``target``, added if new (python-docx's rule)."""
        if is_external:
            return self.rels.get_or_add_ext_rel(reltype, target)
        return self.rels.get_or_add(reltype, target).rId

    def get_style_id(self, style_or_name: Any, style_type: Any) -> str | None:
        """Return the style id of a style name in the layout (None for the default style)."""
        return self._letter.layout.style_id(style_or_name, style_type)

    def new_pic_inline(self, image: DocxImage, width: Any, height: Any) -> CT_Inline:
        """Return a ``wp:inline`` picture element, as python-docx's StoryPart makes it."""
        media = self._letter.media_for(image)
        rId = self.relate_to(media, RT.IMAGE)
        cx, cy = media.image.scaled_dimensions(width, height)
        return CT_Inline.new_pic_inline(self.next_id, rId, media.image.filename, cx, cy)

    def pic_inline_xml(self, image: DocxImage, width: Any, height: Any) -> str:
        """Return the XML of :meth:`new_pic_inline`'s element (made once per file and size)."""
        media = self._letter.media_for(image)
        rId = self.relate_to(media, RT.IMAGE)
        cx, cy = media.image.scaled_dimensions(width, height)
        filename = media.image.filename
        if _SENTINEL_ID in filename:
            return CT_Inline.new_pic_inline(self.next_id, rId, filename, cx, cy).xml
        return (
            _inline_xml(filename, int(cx), int(cy))
            .replace(f'id="{_SENTINEL_ID}"', f'id="{self.next_id}"')
            .replace(f'name="Picture {_SENTINEL_ID}"', f'name="Picture {self.next_id}"')
            .replace(f'r:embed="{_SENTINEL_RID}"', f'r:embed="{rId}"')
        )


_SENTINEL_ID = "2147483001"  # a shape id and rId no letter has: replaced in the cached XML
_SENTINEL_RID = "rId2147483001"


@functools.lru_cache(maxsize=64)
def _inline_xml(filename: str, cx: int, cy: int) -> str:
    """Return python-docx's picture XML for a file name and size, with sentinel ids."""
    element = CT_Inline.new_pic_inline(int(_SENTINEL_ID), _SENTINEL_RID, filename, Emu(cx), Emu(cy))
    return str(element.xml)


class Picture:
    """An inline picture in the layout's Jinja: docxtpl's InlineImage for a compiled layout.

    It is added to the part being rendered when Jinja prints it, like InlineImage.
    """

    def __init__(self, letter: LetterPackage, image: DocxImage, height_mm: float) -> None:
        """Remember the picture; nothing is added until it is printed."""
        self._letter = letter
        self._image = image
        self._height = Mm(height_mm)

    def __html__(self) -> str:
        """Return the run XML docxtpl's InlineImage returns, adding the picture to the part."""
        part = self._letter.current
        if part is None:
            raise RuntimeError("a picture was printed outside a templated part")
        pic = part.pic_inline_xml(self._image, None, self._height)
        return f'</w:t></w:r><w:r><w:drawing>{pic}</w:drawing></w:r><w:r><w:t xml:space="preserve">'

    __str__ = __html__


class LetterPackage:
    """What one letter adds to a compiled layout, and the finished DOCX bytes."""

    def __init__(self, layout: CompiledLayout) -> None:
        """Start a letter: the layout's relationships copied, no pictures, no new list."""
        self.layout = layout
        self.parts = {
            story.partname: _LetterPart(self, layout.part(story.partname), story)
            for story in layout.stories
        }
        self.media: list[_Media] = []
        self.current: _LetterPart | None = None
        self._numbering: Any = None
        self._core: dict[str, str] = {}

    @property
    def document_part(self) -> _LetterPart:
        """Return the main document part (the body's paragraphs belong to it)."""
        return self.parts[_DOCUMENT_PART]

    def media_for(self, image: DocxImage) -> _Media:
        """Return the letter's media part for ``image``: the same bytes share one part."""
        for media in self.media:
            if media.image.sha1 == image.sha1:
                return media
        used = [m.partname.idx for m in self.media]
        number = next((n for n in range(1, len(used) + 1) if n not in used), len(used) + 1)
        media = _Media(PackURI(f"/word/media/image{number}.{image.ext}"), image)
        self.media.append(media)
        return media

    def restarted_numbering(self) -> str | None:
        """Return a new numId restarting the "List Number" list at 1 (None if unavailable)."""
        abstract_id = self.layout.list_number_abstract_id
        if abstract_id is None:
            return None
        if self._numbering is None:
            blob = self.layout.part(self.layout.numbering).blob
            if blob is None:
                return None
            self._numbering = parse_xml(blob)
        num = self._numbering.add_num(abstract_id)
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
        return str(num.numId)

    def set_core(self, **values: str) -> None:
        """Set core properties (title, author, language) of this letter."""
        self._core.update(values)

    def _blob(
        self, part: _Part, rendered: dict[PackURI, bytes], repeated: Collection[PackURI]
    ) -> tuple[bytes, bool]:
        """Return the bytes of a layout part in this letter, and whether they are likely to repeat."""
        if part.partname in rendered:
            return rendered[part.partname], part.partname in repeated
        if part.partname == self.layout.numbering and self._numbering is not None:
            return serialize_part_xml(self._numbering), False
        if part.partname == self.layout.core and self._core:
            element = self.layout.core_copy()  # a parse would drop empty texts
            core = CoreProperties(element)
            for key, value in self._core.items():
                setattr(core, key, value)
            return serialize_part_xml(element), False
        assert part.blob is not None
        return part.blob, True

    def _walk(self) -> Iterator[tuple[Any, Relationships | None]]:
        """Yield every part once with its relationships, depth first (python-docx's order)."""
        visited: set[str] = set()
        media = {m.partname: m for m in self.media}

        def rels_of(partname: PackURI) -> Relationships | None:
            if partname in self.parts:
                return self.parts[partname].rels
            if partname in media:
                return None
            return self.layout.rels(partname)

        def walk(rels: Relationships | None) -> Iterator[tuple[Any, Relationships | None]]:
            for rel in (rels or {}).values():
                if rel.is_external or rel.target_part.partname in visited:
                    continue
                partname = rel.target_part.partname
                visited.add(partname)
                target = media.get(partname) or self.layout.part(partname)
                own = rels_of(partname)
                yield target, own
                yield from walk(own)

        yield from walk(self.layout.package_rels)

    def save(
        self, rendered: dict[PackURI, bytes], repeated: Collection[PackURI] = frozenset()
    ) -> bytes:
        """Return the DOCX bytes: content types, package rels, then parts as python-docx writes.

        ``rendered`` holds the templated parts' bytes; those named in ``repeated`` are bytes an
        earlier letter had too. Every member is stamped with the local time of the call, as
        ``zipfile.writestr`` did.
        """
        parts = list(self._walk())
        # (name, bytes, whether other letters are likely to have the same bytes): the
        # relationships and content types of a letter usually equal the last letter's, the
        # pictures are the layout's logo and signature (the QR code is new each time), a
        # header without fields is the last letter's.
        members: list[tuple[str, bytes, bool]] = [
            ("[Content_Types].xml", self.layout.content_types([p for p, _r in parts]), True),
            (_rels_membername(PACKAGE_URI), self.layout.rels_xml(PACKAGE_URI), True),
        ]
        for part, rels in parts:
            if isinstance(part, _Media):
                members.append((part.partname.membername, part.image.blob, True))
            else:
                blob, repeats = self._blob(part, rendered, repeated)
                members.append((part.partname.membername, blob, repeats))
            if rels:
                if part.partname in self.parts:  # a templated part: this letter's rels
                    xml = self.layout.letter_rels_xml(part.partname, rels)
                else:
                    xml = self.layout.rels_xml(part.partname)
                members.append((_rels_membername(part.partname), xml, True))
        return self.layout.zip(members)


@functools.lru_cache(maxsize=256)
def _rels_membername(partname: PackURI) -> str:
    """Return the ZIP member name of a part's relationships (the same for every letter)."""
    return str(partname.rels_uri.membername)


def _rels_xml(rels: Relationships) -> bytes:
    """Return the .rels XML of ``rels`` (python-docx annotates it ``str``; it gives bytes)."""
    return cast(bytes, rels.xml)


def _content_types(parts: Iterable[Any]) -> bytes:
    """Return [Content_Types].xml for ``parts`` (python-docx's defaults-then-overrides form)."""
    defaults = {"rels": "application/vnd.openxmlformats-package.relationships+xml",
                "xml": "application/xml"}  # fmt: skip
    overrides: dict[str, str] = {}
    for part in parts:
        ext = part.partname.ext
        if (ext.lower(), part.content_type) in default_content_types:
            defaults[ext] = part.content_type
        else:
            overrides[part.partname] = part.content_type
    types = CT_Types.new()
    for ext in sorted(defaults, key=str.lower):
        types.add_default(ext, defaults[ext])
    for partname in sorted(overrides):
        types.add_override(partname, overrides[partname])
    return serialize_part_xml(types)


_P_OPEN = re.compile(r"<w:p([ >])")


class CompiledLayout:
    """A shipped layout with its page size, cleaned and compiled once (thread-safe to use)."""

    def __init__(self, data: bytes, page_mm: tuple[float, float], env: Environment) -> None:
        """Open the layout with docxtpl, apply the page size and compile its templated parts."""
        tpl = DocxTemplate(io.BytesIO(data))
        word = tpl.get_docx()
        section = word.sections[0]
        section.page_width, section.page_height = Mm(page_mm[0]), Mm(page_mm[1])
        tpl.render_properties({}, env)  # what docxtpl does per letter; the layout has no tags
        self._tpl = tpl  # its resolve_listing and fix_tables are pure functions of their input
        self._word = word
        self._lock = threading.Lock()
        self._style_ids: dict[tuple[Any, Any], str | None] = {}
        package = word.part.package
        self.package_rels = package.rels
        self._parts: dict[str, _Part] = {}
        self._rels: dict[str, Relationships] = {}
        templated = {_DOCUMENT_PART: tpl.patch_xml(tpl.get_xml())}
        for uri in _STORY_RELS:
            for _key, part in tpl.get_headers_footers(uri):
                templated[part.partname] = tpl.patch_xml(tpl.get_part_xml(part))
        for part in package.iter_parts():
            rels = tuple(
                _Rel(
                    rel.reltype,
                    rel.target_ref if rel.is_external else _PartRef(rel.target_part.partname),
                    rel.rId,
                    rel.is_external,
                )
                for rel in part.rels.values()
            )
            blob = None if part.partname in templated else part.blob
            self._parts[part.partname] = _Part(part.partname, part.content_type, blob, rels)
            self._rels[part.partname] = _copy_rels(part.partname, rels)
        # Letters never change these relationships: serialised once, not per letter.
        self._rels_xml = {name: _rels_xml(rels) for name, rels in self._rels.items()}
        self._rels_xml[PACKAGE_URI] = _rels_xml(package.rels)
        # Bytes and XML that repeat letter after letter, made once (see the module docstring).
        self._deflated: BoundedCache[bytes, Deflated] = BoundedCache(_DEFLATE_CACHE_SIZE)
        self._xml: BoundedCache[tuple[Any, ...], bytes] = BoundedCache(_XML_CACHE_SIZE)
        self.stories = tuple(
            _Story(name, env.from_string(_P_OPEN.sub(r"\n<w:p\1", source)), self._next_id(name))
            for name, source in templated.items()
        )
        # Each letter's document.xml is this document with the letter's body put in place of
        # the layout's: kept with an empty body, which is all the letter keeps of it.
        skeleton = copy.deepcopy(word.element)
        for child in list(skeleton.body):
            skeleton.body.remove(child)
        self._document_blob = serialize_part_xml(skeleton)
        self._finished: BoundedCache[tuple[PackURI, str], bytes] = BoundedCache(
            _FINISHED_CACHE_SIZE
        )
        self.numbering = word.part.numbering_part.partname
        core = package._core_properties_part
        self.core, self.core_element = core.partname, core.element
        self.list_number_abstract_id = _list_number_abstract_id(word)

    def _next_id(self, partname: PackURI) -> int:
        part = self._word.part if partname == _DOCUMENT_PART else None
        if part is None:
            part = next(p for p in self._word.part.package.iter_parts() if p.partname == partname)
        return part.next_id

    def core_copy(self) -> Any:
        """Return a copy of the core properties element as the layout leaves them."""
        with self._lock:  # lxml trees are not shared between threads unguarded
            return copy.deepcopy(self.core_element)

    def part(self, partname: str) -> _Part:
        """Return a part of the compiled package by name."""
        return self._parts[partname]

    def rels(self, partname: str) -> Relationships:
        """Return the layout's relationships of a part that letters do not change."""
        return self._rels[partname]

    def rels_xml(self, partname: str) -> bytes:
        """Return the XML of the layout's relationships of a part (or of the package)."""
        return self._rels_xml[partname]

    def letter_rels_xml(self, partname: PackURI, rels: Relationships) -> bytes:
        """Return the XML of a letter's relationships of a templated part, serialised once.

        The XML is a function of the part's name (relative targets) and of each relationship's
        id, type, target and mode, in order: that is the key.
        """
        entries = tuple(
            (rel.rId, rel.reltype, rel.is_external)
            + ((rel.target_ref,) if rel.is_external else (rel.target_part.partname,))
            for rel in rels.values()
        )
        return self._xml.get(("rels", partname, entries), lambda _key: _rels_xml(rels))

    def content_types(self, parts: list[Any]) -> bytes:
        """Return [Content_Types].xml for a letter's parts, once per set of names and types."""
        key = ("types", tuple((part.partname, part.content_type) for part in parts))
        return self._xml.get(key, lambda _key: _content_types(parts))

    def zip(self, members: Iterable[tuple[str, bytes, bool]]) -> bytes:
        """Return the ZIP of ``(name, bytes, repeats)`` members, stamped with the local time.

        Members marked as repeating across letters are deflated through the layout's cache.
        """
        entries = [
            (name, self._deflated.get(data, deflate) if repeats else deflate(data))
            for name, data, repeats in members
        ]
        return zip_archive(entries, time.localtime()[:6])

    def style_id(self, style_or_name: Any, style_type: Any) -> str | None:
        """Return python-docx's style id for a style name (looked up once, under a lock)."""
        key = (style_or_name, style_type)
        with self._lock:
            if key not in self._style_ids:
                self._style_ids[key] = self._word.part.get_style_id(style_or_name, style_type)
            return self._style_ids[key]

    def new_letter(self) -> LetterPackage:
        """Return the state of a new letter on this layout."""
        return LetterPackage(self)

    def render(self, letter: LetterPackage, context: dict[str, Any]) -> bytes:
        """Render every templated part with ``context`` and return the letter's DOCX bytes.

        A header or footer whose Jinja output an earlier letter had (a letterhead without
        fields) is not parsed and serialised again: the bytes are a function of that output.
        """
        rendered: dict[PackURI, bytes] = {}
        repeated: set[PackURI] = set()
        for story in self.stories:
            letter.current = letter.parts[story.partname]
            xml = story.template.render(context)
            if story.partname == _DOCUMENT_PART:
                rendered[story.partname] = self._document_xml(self._finish(xml))
                continue
            rendered[story.partname], seen = self._story_xml(story.partname, xml)
            if seen:
                repeated.add(story.partname)
        letter.current = None
        return letter.save(rendered, repeated)

    def _story_xml(self, partname: PackURI, xml: str) -> tuple[bytes, bool]:
        """Return a header or footer's bytes for its Jinja output, and whether they were kept."""
        made = False

        def make(key: tuple[PackURI, str]) -> bytes:
            nonlocal made
            made = True
            return cast(bytes, serialize_part_xml(parse_xml(self._finish(key[1]).encode("utf-8"))))

        return self._finished.get((partname, xml), make), not made

    def _document_xml(self, body: str) -> bytes:
        """Return document.xml with the rendered ``body`` (docxtpl's table and docPr fixes)."""
        tree = self._tpl.fix_tables(body)
        for number, element in enumerate(tree.xpath("//wp:docPr", namespaces=_WP), 1001):
            element.attrib["id"] = str(number)  # docxtpl's fix_docpr_ids
        root = parse_xml(self._document_blob)
        root.replace(root.body, tree)
        return cast(bytes, serialize_part_xml(root))

    def _finish(self, xml: str) -> str:
        """Undo docxtpl's paragraph markers and escapes, then turn line breaks and tabs into XML."""
        xml = _unmark(xml)
        if not _has_listing_characters(xml):
            return xml  # docxtpl's resolve_listing would give it back unchanged
        return self._tpl.resolve_listing(xml)


def _unmark(xml: str) -> str:
    r"""Return Jinja output without the paragraph markers and with docxtpl's escapes undone.

    The same as ``re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)`` followed by the replacements of
    ``{_{``, ``}_}``, ``{_%`` and ``%_}``, made cheaper: each marker is a fixed string (the two
    never overlap, and removing one cannot make the other), and the escapes are only looked for
    in a part holding a brace (a one-character search is much faster than a longer one).
    """
    xml = xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
    if "{" in xml or "}" in xml:
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%")
        xml = xml.replace("%_}", "%}")
    return xml


# docxtpl's resolve_listing replaces tab, bell, line feed and form feed inside the w:t
# elements it finds run by run; a scan of the whole part finds every such element (a match
# in a run lies within a match of the whole part), so without those characters in any of
# these, resolve_listing changes nothing.
_LISTING_TEXT = re.compile(r"<w:t(?: [^>]*)?>.*?</w:t>", re.DOTALL)
_LISTING_CHARACTERS = ("\t", "\a", "\n", "\f")


def _has_listing_characters(xml: str) -> bool:
    """Return whether some w:t text of ``xml`` holds a character resolve_listing turns into XML."""
    text = "".join(_LISTING_TEXT.findall(xml))
    return any(char in text for char in _LISTING_CHARACTERS)


_WP = {"wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"}


def _list_number_abstract_id(word: Any) -> Any:
    """Return the abstract numbering of the "List Number" style, or None if it has none."""
    try:
        style = word.styles["List Number"]
        num_id = style.element.pPr.numPr.numId.val
        numbering = word.part.numbering_part.element
        return numbering.num_having_numId(num_id).abstractNumId.val
    except (KeyError, AttributeError, NotImplementedError):
        return None
