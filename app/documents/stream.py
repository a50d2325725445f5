"""PDF streaming: a ReportLab canvas written to its file object by object, not kept whole.

ReportLab's PDFFile keeps every formatted object in a list and joins them at the end (for a
badge batch, three copies of every photo at once); save_streaming writes each object as soon
as it is formatted and drops a photo once written.
"""

from __future__ import annotations

from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas


class _StreamingFile:
    """Stands in for ReportLab's PDFFile, which keeps every formatted object in a list and
    joins them at the end (three copies of a batch's photos at once): this one writes each
    object to the output as soon as it is formatted."""

    def __init__(self, out, version):
        self.out = out
        self.offset = 0
        self.add(
            pdfdoc.pdfdocEnc(f"%PDF-{version[0]}.{version[1]}")
            + b"\n%\223\214\213\236 ReportLab Generated PDF document (opensource)\n"
        )

    def add(self, data) -> int:
        data = pdfdoc.pdfdocEnc(data)
        at = self.offset
        self.out.write(data)
        self.offset += len(data)
        return at


def save_streaming(c: Canvas, out) -> None:
    """Canvas.save(), writing object by object and dropping each photo once written.

    The steps are ReportLab's own (PDFDocument.GetPDFData and format, without encryption or
    signatures, which badges do not use); only where the bytes go differs.
    """
    if len(c._code):
        c.showPage()
    doc = c._doc
    for font in doc.delayedFonts:
        font.addObjects(doc)
    doc.info.invariant = doc.invariant
    doc.info.digest(doc.signature)
    doc.Reference(doc.Catalog)
    doc.Reference(doc.info)
    doc.Outlines.prepare(doc, c)
    if doc.Outlines.ready < 0:
        doc.Catalog.Outlines = None
    doc.encrypt.prepare(doc)
    if doc.encrypt.info():
        raise ValueError("encrypted documents are not supported")
    writer = _StreamingFile(out, doc._pdfVersion)
    doc.__accum__ = writer
    ids = []
    number = 0
    while True:
        number += 1
        if number not in doc.numberToId:
            break
        oid = doc.numberToId[number]
        obj = doc.idToObject[oid]
        doc.idToOffset[oid] = writer.add(pdfdoc.PDFIndirectObject(oid, obj).format(doc))
        ids.append(oid)
        if isinstance(obj, pdfdoc.PDFImageXObject):
            obj.streamContent = b""  # written: free the photo now
    del doc.__accum__
    xref = pdfdoc.PDFCrossReferenceTable()
    xref.addsection(0, ids)
    xref_offset = writer.add(xref.format(doc))
    trailer = pdfdoc.PDFTrailer(
        startxref=xref_offset,
        Size=len(doc.numberToId) + 1,
        Root=doc.Reference(doc.Catalog),
        Info=doc.Reference(doc.info),
        Encrypt=None,
        ID=doc.ID(),
    )
    writer.add(trailer.format(doc))
