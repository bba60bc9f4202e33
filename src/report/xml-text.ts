import { type CommandEncoding, escapeControls, HTML_ENCODING, neutralizeCommands } from './safe-text.ts';

/**
 * Text hygiene for junit-report-builder 5, whose bundled xmlbuilder 15 escapes `<&"` itself but
 * (a) throws on characters XML 1.0 forbids (ANSI colour codes in pod logs, NUL, lone surrogates) and
 * (b) splits only the FIRST `]]>` of a CDATA section (`String.replace` with a string pattern).
 */

// CSI sequences such as `\x1b[31m`: stripped, they carry no meaning outside a terminal.
const ANSI_CSI = /\x1b\[[0-?]*[ -/]*[@-~]/g;
// XML 1.0 Char production (https://www.w3.org/TR/xml/#charsets), complement; surrogates only when unpaired.
const XML_INVALID =
  /[\0-\x08\x0B\f\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Any string made safe to hand to the builder as text or attribute value: colours stripped, other
 * controls shown as escapes (safe-text.ts), what XML still cannot carry replaced by U+FFFD.
 */
export function xmlSafe(text: string): string {
  return escapeControls(text.replace(ANSI_CSI, ''), { newlines: 'keep' }).replace(XML_INVALID, '\uFFFD');
}

const CDATA_END = ']]>';
const CDATA_SPLIT = ']]]]><![CDATA[>';

/**
 * A string for a CDATA body. The library splits the first `]]>` itself; we split every later one the
 * same way, so the section stays well-formed and reads back as the original text.
 */
export function cdataSafe(text: string): string {
  const safe = xmlSafe(text);
  const first = safe.indexOf(CDATA_END);
  if (first === -1) return safe;
  const cut = first + CDATA_END.length;
  return safe.slice(0, cut) + safe.slice(cut).replaceAll(CDATA_END, CDATA_SPLIT);
}

// References are not decoded inside CDATA: close the section around the reference.
const CDATA_ENCODING: CommandEncoding = {
  colon: `]]>${HTML_ENCODING.colon}<![CDATA[`,
  bracket: `]]>${HTML_ENCODING.bracket}<![CDATA[`,
};
const CDATA_SECTION = /<!\[CDATA\[[\s\S]*?\]\]>/g;

/**
 * A built XML document with no line the Actions runner reads as a command: the first `:` of a
 * line-start `::` and the `[` of `##[` become character references, so XML readers get the original
 * text back. Text outside CDATA has `<` escaped, so `<![CDATA[` only ever opens a real section.
 */
export function neutralizeXmlCommands(xml: string): string {
  const sections = [...xml.matchAll(CDATA_SECTION)].map((m) => [m.index, m.index + m[0].length]);
  const inCdata = (offset: number) => sections.some(([from, to]) => offset > from && offset < to);
  return neutralizeCommands(xml, (offset) => (inCdata(offset) ? CDATA_ENCODING : HTML_ENCODING));
}
