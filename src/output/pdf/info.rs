//! The document's facts: Info dictionary dates, producer, XMP metadata for PDF/X.

use super::DocumentInfo;
use crate::edition::PdfStandard;

/// Producer string of the Info dictionary and XMP.
pub(super) const PRODUCER: &str = concat!("paiban ", env!("CARGO_PKG_VERSION"));

/// The Info dictionary's date and the same day for XMP.
pub(super) fn dates(date: (i32, u32, u32)) -> (pdf_writer::Date, String) {
    let (y, m, d) = date;
    let pdf = pdf_writer::Date::new(y.clamp(0, 9999) as u16)
        .month(m as u8)
        .day(d as u8)
        .hour(0)
        .minute(0)
        .second(0)
        .utc_offset_hour(0)
        .utc_offset_minute(0);
    (pdf, format!("{y:04}-{m:02}-{d:02}T00:00:00Z"))
}

pub(super) fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// XMP metadata agreeing with the Info dictionary. PDF/X-4 is identified here (its own
/// `pdfxid` namespace) and wants the document's version and rendition as well.
pub(super) fn xmp(info: &DocumentInfo, doc_id: &str) -> String {
    let (_, date) = dates(info.date);
    let title = xml_escape(&info.title);
    let (namespace, standard) = match info.press.standard {
        PdfStandard::X1a => (
            r#"xmlns:pdfx="http://ns.adobe.com/pdfx/1.3/""#,
            "<pdfx:GTS_PDFXVersion>PDF/X-1:2001</pdfx:GTS_PDFXVersion>\n   <pdfx:GTS_PDFXConformance>PDF/X-1a:2001</pdfx:GTS_PDFXConformance>".to_string(),
        ),
        PdfStandard::X4 => (
            r#"xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/""#,
            format!(
                "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>\n   <xmpMM:InstanceID>uuid:{doc_id}</xmpMM:InstanceID>\n   <xmpMM:VersionID>1</xmpMM:VersionID>\n   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>"
            ),
        ),
    };
    format!(
        r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    {namespace}
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
   <xmp:CreatorTool>paiban</xmp:CreatorTool>
   <pdf:Producer>{PRODUCER}</pdf:Producer>
   <pdf:Trapped>False</pdf:Trapped>
   {standard}
   <xmpMM:DocumentID>uuid:{doc_id}</xmpMM:DocumentID>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"#
    )
}
