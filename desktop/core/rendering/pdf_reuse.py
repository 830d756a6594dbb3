"""What the PDF writer reuses from one letter to the next: image objects and font subsets.

For every document, reportlab decodes each PNG, hashes its pixels (the image's name in the
file) and deflates pixels and alpha mask again, and it builds and deflates each font subset
again. The logo and the signatures are the same in every letter of a merge, and letters of one
template mostly use the same characters in the same order, so:

- an image file's XObject is built once per file version by reportlab's own code and a copy is
  registered in each document (:func:`draw_file_image`, the steps of ``Canvas.drawImage``);
- a font subset's TrueType bytes and their deflated stream are kept per subset (the last few),
  and so are its ``/Widths`` array as written and its deflated ToUnicode CMap, on our own
  registered fonts only (:func:`reuse_subsets`);
- the objects that come back letter after letter (each subset's font dictionary, descriptor,
  font file and ToUnicode streams, the image XObjects and their masks) are written once per
  exact content (:func:`write_from_memory`): class, attributes and the object numbers their
  references are written as;
- an image file's size is read once per file version (:func:`image_file_reader`).
- the attestation QR code is drawn from its modules as a 1-bit image (:func:`draw_qr`),
  never decoded from a PNG and converted to RGB as reportlab would.

Apart from the QR image, the PDF bytes are reportlab's (tests/data/golden/*.pdf are compared
byte for byte, and tests/core/rendering/test_rendering_pdf_memory.py compares letters made with
and without these).
"""

from __future__ import annotations

import copy
import functools
import os
import threading
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab import rl_config
from reportlab.lib.boxstuff import aspectRatioFix as _aspect_ratio_fix
from reportlab.lib.utils import ImageReader, _digester
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas


@dataclass(frozen=True)
class _PreparedImage:
    """An image file as reportlab would register it: its name and a pristine XObject."""

    name: str
    xobject: pdfdoc.PDFImageXObject

    def fresh(self) -> pdfdoc.PDFImageXObject:
        """Return a copy to register in one document (registration changes the object)."""
        xobject = copy.copy(self.xobject)
        smask = getattr(self.xobject, "_smask", None)
        if smask is not None:
            xobject._smask = copy.copy(smask)
        return xobject


@functools.lru_cache(maxsize=32)
def _prepare(path: str, mtime_ns: int, size: int, mask: str, use_a85: int) -> _PreparedImage:
    """Build an image file's XObject once per version, the way ``Canvas.drawImage`` does."""
    reader = ImageReader(path)
    rawdata = reader.getRGBData()
    smask = reader._dataA
    mdata: Any = smask.getRGBData() if mask == "auto" and smask else str(mask)
    if isinstance(mdata, str):
        mdata = mdata.encode("utf8")
    name = _digester(rawdata + mdata)
    return _PreparedImage(name, pdfdoc.PDFImageXObject(name, reader, mask=mask))


def _prepared_for(image: Any, mask: Any) -> _PreparedImage | None:
    """Return the prepared XObject of a file image, or None for anything else."""
    if not isinstance(image, ImageReader) or mask not in ("auto", None):
        return None
    path = image.fileName
    if not isinstance(path, str):
        return None
    try:
        stat = os.stat(path)
    except OSError:
        return None  # reportlab reports it
    return _prepare(path, stat.st_mtime_ns, stat.st_size, str(mask), int(rl_config.useA85))


def draw_file_image(
    canvas: Canvas, image: Any, x: float, y: float, width: float | None, height: float | None,
    mask: Any,
) -> tuple[int, int] | None:  # fmt: skip
    """Draw an image file from its prepared XObject; None when ``image`` is not a file image.

    These are the steps of reportlab's ``Canvas.drawImage`` (name, registration of the image
    and its soft mask, placement), with the XObject copied instead of built.
    """
    prepared = _prepared_for(image, mask)
    if prepared is None:
        return None

    def make() -> pdfdoc.PDFImageXObject:
        xobject = prepared.fresh()
        xobject.name = prepared.name
        write_from_memory(xobject)
        return xobject

    return _draw_xobject(canvas, prepared.name, make, x, y, width, height)


def _draw_xobject(
    canvas: Canvas, name: str, make: Callable[[], pdfdoc.PDFImageXObject], x: float, y: float,
    width: float | None, height: float | None,
) -> tuple[int, int]:  # fmt: skip
    """Draw the image XObject ``name`` at (x, y), scaled to width x height (``drawImage``).

    The first time in a document it is built by ``make`` and registered, with its soft mask
    when it has one; then it is placed as reportlab's ``Canvas.drawImage`` places it.
    """
    canvas._currentPageHasImages = 1
    doc = canvas._doc
    reg_name = doc.getXObjectName(name)
    xobject = doc.idToObject.get(reg_name, None)
    if not xobject:
        xobject = make()
        canvas._setXObjects(xobject)
        doc.Reference(xobject, reg_name)
        doc.addForm(name, xobject)
        smask = getattr(xobject, "_smask", None)
        if smask:
            mask_name = doc.getXObjectName(smask.name)
            if not doc.idToObject.get(mask_name, None):
                write_from_memory(smask)
                canvas._setXObjects(smask)
                xobject.smask = doc.Reference(smask, mask_name)
            else:
                xobject.smask = pdfdoc.PDFObjectReference(mask_name)
            del xobject._smask
    x, y, width, height, _scaled = _aspect_ratio_fix(
        False, "c", x, y, width, height, xobject.width, xobject.height, False
    )
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(width, height)
    canvas._code.append(f"/{reg_name} Do")
    canvas.restoreState()
    canvas._formsinuse.append(name)
    return (xobject.width, xobject.height)


_LIGHT_BITS = bytes.maketrans(b"\x00\x01", b"10")  # a light module is a white (1) bit


@functools.lru_cache(maxsize=16)
def _qr_pixels(matrix: tuple[bytes, ...], use_a85: int) -> tuple[str, int, bytes]:
    """Return a QR code's image name, size in pixels and stream, one 1-bit pixel a module.

    The image has a one-module quiet zone, as the PNG the DOCX prints; rows are padded to
    whole bytes. The name is reportlab's for image content (the digest of its pixels).
    """
    columns = len(matrix[0]) + 2
    pad = "0" * (-columns % 8)
    rows = ["1" * columns + pad]
    rows += [f"1{row.translate(_LIGHT_BITS).decode()}1{pad}" for row in matrix]
    rows.append(rows[0])
    bits = "".join(rows)
    pixels = int(bits, 2).to_bytes(len(bits) // 8, "big")
    stream = zlib.compress(pixels)
    if use_a85:
        stream = pdfdoc.asciiBase85Encode(stream)
    return f"qr{_digester(pixels)}", columns, stream


def draw_qr(
    canvas: Canvas, matrix: tuple[bytes, ...], x: float, y: float, width: float, height: float
) -> None:
    """Draw a QR code's modules as a 1-bit greyscale image of one pixel a module.

    Nothing is decoded or converted: the pixels come straight from the modules (a PNG would be
    decoded to 8-bit RGB and deflated again by reportlab, for the same picture). PDF images are
    not interpolated unless they ask to be, so the modules stay sharp at any size.
    """
    use_a85 = int(rl_config.useA85)
    name, size, stream = _qr_pixels(matrix, use_a85)

    def make() -> pdfdoc.PDFImageXObject:
        xobject = pdfdoc.PDFImageXObject(name)
        xobject.width = xobject.height = size
        xobject.bitsPerComponent = 1
        xobject.colorSpace = "DeviceGray"
        xobject.streamContent = stream
        xobject._filters = ("ASCII85Decode", "FlateDecode") if use_a85 else ("FlateDecode",)
        return xobject

    _draw_xobject(canvas, name, make, x, y, width, height)


class KnownImageFile(ImageReader):
    """An image file of known size, standing in for reportlab's reader of it; reads nothing.

    Drawn through :func:`draw_file_image`, which needs only the file name; a platypus
    ``Image`` needs only the size. Anything else wanting the pixels gets a real reader
    (see ``NumberedCanvas.drawImage``).
    """

    def __init__(self, path: str, size: tuple[int, int]) -> None:
        self.fileName = path
        self._size = size

    def getSize(self) -> tuple[int, int]:
        """Return the image's width and height in pixels, as reportlab's reader would."""
        return self._size


@functools.lru_cache(maxsize=32)
def _size(path: str, mtime_ns: int, size: int) -> tuple[int, int]:
    width, height = ImageReader(path).getSize()
    return width, height


def image_file_reader(path: str) -> ImageReader:
    """Return a reader of an image file for its size, reading the file once per version."""
    try:
        stat = os.stat(path)
    except OSError:
        return ImageReader(path)  # reportlab reports it
    return KnownImageFile(path, _size(path, stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=64)
def _deflate(data: bytes) -> bytes:
    return zlib.compress(data)


class _ReusedFlate(pdfdoc.PDFStreamFilterZCompress):
    """reportlab's Flate filter, remembering the streams it compressed (font subsets)."""

    def encode(self, text: str | bytes) -> bytes:
        """Return the deflated stream (computed once per distinct content)."""
        return _deflate(text.encode("utf8") if isinstance(text, str) else text)


_REUSED_FLATE = _ReusedFlate()


@functools.lru_cache(maxsize=64)
def _formatted_numbers(numbers: tuple[float, ...], multiline: bool) -> bytes:
    return pdfdoc.PDFArray(numbers).format(None)  # numbers need no document


class _ReusedNumbers(pdfdoc.PDFArray):
    """A PDF array of plain numbers (a subset's glyph widths), written once per content."""

    def format(self, document: Any, IND: bytes = b"\n ") -> bytes:
        """Return the array as reportlab writes it (kept for the same numbers and settings)."""
        if IND != b"\n " or not all(type(n) in (int, float) for n in self.sequence):
            return super().format(document, IND)
        return _formatted_numbers(tuple(self.sequence), bool(rl_config.pdfMultiLine))


class _Unkeyed(Exception):
    """A value whose written form is not known from its content alone."""


_NOT_WRITTEN = frozenset({"format", "__Comment__", "__InternalName__"})  # see _object_key
_KEPT_FILTERS = (pdfdoc.PDFZCompress, _REUSED_FLATE)  # module-wide: their ids never change


def _value_key(value: Any, document: Any) -> Any:
    """Return a hashable key equal only for values that ``pdfdoc.format`` writes alike.

    Leaves (text, bytes, int, float, None) stand for themselves: equal ints and floats are
    written alike by reportlab's ``fp_str``, and text never equals bytes. Everything else is
    tagged with its type; a reference stands for the object number it is written as.
    """
    kind = type(value)
    if kind in (str, bytes, int, float) or value is None:
        return value
    if kind is pdfdoc.PDFObjectReference:
        number = document.idToObjectNumberAndVersion.get(value.name)
        if number is None:
            raise _Unkeyed(value.name)  # reportlab's own writing reports it
        return (kind, number)
    if kind in (tuple, list):
        return (kind, tuple(_value_key(item, document) for item in value))
    if kind is dict:
        return (kind, _items_key(value, document))
    if kind is _ReusedNumbers:
        return (kind, value.format(document))
    if kind is pdfdoc.PDFArray and vars(value).keys() == {"sequence"}:
        return (kind, tuple(_value_key(item, document) for item in value.sequence))
    if kind is pdfdoc.PDFDictionary and vars(value).keys() == {"dict"}:
        return (kind, _items_key(value.dict, document))
    if any(value is kept for kept in _KEPT_FILTERS):
        return (kind, id(value))
    raise _Unkeyed(kind.__name__)


def _items_key(items: dict[str, Any], document: Any) -> tuple[Any, ...]:
    if type(items) is not dict:
        raise _Unkeyed(type(items).__name__)
    return tuple((name, _value_key(value, document)) for name, value in items.items())


def _object_key(obj: Any, document: Any) -> tuple[Any, ...]:
    """Return the key of everything ``obj.format(document)`` writes.

    The object's class and attributes (but the bound ``format`` installed here and the
    comment and name that reportlab writes outside the object) and the settings and
    document parts reportlab's writing reads: multi-line output, the default stream
    filters and the encryption (none).
    """
    if type(document.encrypt) is not pdfdoc.NoEncryption:
        raise _Unkeyed("encryption")
    attributes = {k: v for k, v in vars(obj).items() if k not in _NOT_WRITTEN}
    return (
        type(obj),
        _items_key(attributes, document),
        bool(rl_config.pdfMultiLine),
        _value_key(document.defaultStreamFilters, document),
    )


@functools.lru_cache(maxsize=128)
def _written(key: tuple[Any, ...]) -> list[bytes]:
    """Return the box holding the bytes written for ``key`` (empty until first written)."""
    return []


def _write_from_memory(obj: Any, document: Any) -> bytes:
    try:
        box = _written(_object_key(obj, document))
    except _Unkeyed:
        return type(obj).format(obj, document)
    if not box:
        box[:] = [type(obj).format(obj, document)]  # two threads would write equal bytes
    return box[0]


def write_from_memory(obj: Any) -> None:
    """Make ``obj`` (a PDF object in one document) written once per exact content.

    Its bytes come from reportlab's own ``format`` the first time an object of the same
    class, attributes and references (the object numbers they are written as) is written;
    objects holding anything else (such as an unregistered object) are written as usual.
    """
    obj.format = functools.partial(_write_from_memory, obj)


def reuse_subsets(font: Any) -> None:
    """Make a registered TrueType font keep its subsets (bytes, deflated streams, widths).

    Only this font object changes (instance attributes): reportlab's classes stay as they are.
    """
    face = font.face
    make_subset = face.makeSubset
    add_subset_objects = face.addSubsetObjects

    lock = threading.Lock()  # the font file reader keeps a read position

    @functools.lru_cache(maxsize=16)
    def subset_bytes(subset: tuple[int, ...]) -> bytes:
        with lock:
            return make_subset(list(subset))

    def add_objects(doc: Any, fontname: str, subset: list[int]) -> Any:
        reference = add_subset_objects(doc, fontname, subset)
        stream = doc.idToObject.get(f"fontFile:{face.filename}({fontname})")
        if stream is not None and stream.filters == [pdfdoc.PDFZCompress]:
            stream.filters = [_REUSED_FLATE]
        for obj in (stream, doc.idToObject.get(f"fontDescriptor:{fontname}")):
            if obj is not None:
                write_from_memory(obj)
        return reference

    face.makeSubset = lambda subset: subset_bytes(tuple(subset))
    face.addSubsetObjects = add_objects
    add_font_objects = font.addObjects

    def add_subset_fonts(doc: Any) -> None:
        fonts = doc.idToObject["BasicFonts"].dict
        before = set(fonts)
        add_font_objects(doc)
        for name in set(fonts) - before:  # this font's subsets, added just now
            subset_font = fonts[name]
            widths: Any = getattr(subset_font, "Widths", None)
            if type(widths) is pdfdoc.PDFArray:  # not a subclass: they may write differently
                subset_font.Widths = _ReusedNumbers(widths.sequence)
            cmap = doc.idToObject.get(f"toUnicodeCMap:{getattr(subset_font, 'BaseFont', '')}")
            if cmap is not None and cmap.filters == [pdfdoc.PDFZCompress]:
                cmap.filters = [_REUSED_FLATE]
            write_from_memory(subset_font)
            if cmap is not None:
                write_from_memory(cmap)

    font.addObjects = add_subset_fonts
