/*
 * HTML escaping and page chrome. See html.h.
 */
#include "common.h"
#include "html.h"
#include "json.h"

#include <stdio.h>

static const char replacement[] = "\xef\xbf\xbd"; /* U+FFFD */

/* Appends one code point's worth of s[0..avail); returns the bytes used. */
static size_t esc_one(specsync_buf *out, const unsigned char *s, size_t avail)
{
	size_t n;

	switch (s[0]) {
	case '&':
		specsync_buf_puts(out, "&amp;");
		return 1;
	case '<':
		specsync_buf_puts(out, "&lt;");
		return 1;
	case '>':
		specsync_buf_puts(out, "&gt;");
		return 1;
	case '"':
		specsync_buf_puts(out, "&quot;");
		return 1;
	case '\'':
		specsync_buf_puts(out, "&#39;");
		return 1;
	case '\t':
	case '\n':
		specsync_buf_putc(out, (char)s[0]);
		return 1;
	default:
		break;
	}
	if (s[0] < 0x20 || s[0] == 0x7f) {
		specsync_buf_puts(out, replacement);
		return 1;
	}
	if ((n = specsync_utf8_len(s, avail)) == 0) {
		specsync_buf_puts(out, replacement);
		return 1;
	}
	specsync_buf_put(out, (const char *)s, n);
	return n;
}

void specsync_html_esc_cut(specsync_buf *out, const char *s, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len, i = 0, points = 0;

	if (!s)
		return;
	len = strlen(s);
	while (i < len && points < max) {
		i += esc_one(out, p + i, len - i);
		points++;
	}
	if (i < len)
		specsync_buf_puts(out, "...");
}

void specsync_html_esc(specsync_buf *out, const char *s)
{
	specsync_html_esc_cut(out, s, SIZE_MAX);
}

void specsync_html_person(specsync_buf *out, const specsync_person *p)
{
	if (p->name && *p->name) {
		specsync_html_esc(out, p->name);
		if (p->email && *p->email)
			specsync_buf_puts(out, " &lt;");
	}
	specsync_html_esc(out, p->email);
	if (p->name && *p->name && p->email && *p->email)
		specsync_buf_puts(out, "&gt;");
}

void specsync_html_location(specsync_buf *out, const specsync_location *l)
{
	specsync_html_esc(out, l->path);
	specsync_buf_printf(out, ":%u", l->line);
}

void specsync_html_level(specsync_buf *out, specsync_level level)
{
	specsync_buf_printf(out, "<span class=\"lvl %s\">%s</span>", specsync_level_name(level),
			    specsync_level_name(level));
}

const char *specsync_html_side_color(size_t i)
{
	static const char *const palette[] = {"#2563eb", "#ea580c", "#7c3aed", "#0d9488",
					      "#db2777", "#65a30d", "#0891b2", "#a16207"};

	return palette[i % (sizeof(palette) / sizeof(palette[0]))];
}

/* Integer arithmetic only: a client's locale must not turn "2.5" into
 * "2,5" (nor break SVG coordinates). */
void specsync_html_duration(char out[32], int64_t seconds)
{
	long long tenths = (long long)((seconds * 10 + 43200) / 86400);

	if (seconds < 3600)
		snprintf(out, 32, "< 1 h");
	else if (seconds < 86400)
		snprintf(out, 32, "%lld h", (long long)(seconds / 3600));
	else if (tenths < 100)
		snprintf(out, 32, "%lld.%lld days", tenths / 10, tenths % 10);
	else
		snprintf(out, 32, "%lld days", (tenths + 5) / 10);
}

/* One stylesheet for every page, for screens; then the print rules. */
static const char stylesheet[] =
	":root{--ink:#1f2937;--muted:#6b7280;--line:#e5e7eb;--bg:#f3f4f6;--card:#fff;"
	"--err:#dc2626;--warn:#d97706;--ok:#16a34a}\n"
	"*{box-sizing:border-box}\n"
	"html{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
	"body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 system-ui,"
	"-apple-system,'Segoe UI',Roboto,'Noto Sans','DejaVu Sans','Liberation Sans',Arial,"
	"sans-serif}\n"
	"header.top{background:#111827;color:#f9fafb;padding:18px 32px 16px}\n"
	"header.top h1{margin:0;font-size:22px;font-weight:650;letter-spacing:.2px}\n"
	"header.top p{margin:4px 0 0;color:#d1d5db;font-size:13px}\n"
	"main{padding:20px 32px 32px;max-width:1400px;margin:0 auto}\n"
	"section{background:var(--card);border:1px solid var(--line);border-radius:10px;"
	"padding:16px 20px;margin:0 0 18px}\n"
	"h2{font-size:17px;margin:0 0 4px}\n"
	"h3{font-size:15px;margin:14px 0 4px}\n"
	"p.note{color:var(--muted);margin:2px 0 10px;font-size:13px}\n"
	".cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:12px;"
	"margin:0 0 18px}\n"
	".card{background:var(--card);border:1px solid var(--line);border-radius:10px;"
	"padding:12px 16px;border-top:4px solid #9ca3af}\n"
	".card .n{font-size:30px;font-weight:700;line-height:1.15}\n"
	".card .l{color:var(--muted);font-size:12.5px;text-transform:uppercase;"
	"letter-spacing:.4px}\n"
	".card .d{font-size:12.5px;margin-top:2px}\n"
	".card.bad{border-top-color:var(--err)}.card.bad .n{color:var(--err)}\n"
	".card.warn{border-top-color:var(--warn)}.card.warn .n{color:var(--warn)}\n"
	".card.good{border-top-color:var(--ok)}\n"
	".card.info{border-top-color:#2563eb}\n"
	".grid2{display:grid;grid-template-columns:1fr 1fr;gap:18px;margin:0 0 18px}\n"
	".grid2>section{margin:0}\n"
	"@media (max-width:900px){.grid2{grid-template-columns:1fr}}\n"
	"svg{display:block;width:100%;height:auto}\n"
	"svg text{font-family:inherit}\n"
	".legend{display:flex;flex-wrap:wrap;gap:14px;font-size:12.5px;color:#374151;"
	"margin:6px 0 8px}\n"
	".legend i{display:inline-block;width:12px;height:12px;border-radius:2px;"
	"vertical-align:-2px;margin-right:5px}\n"
	".legend i.m{width:auto;height:auto;font-style:normal;font-weight:700}\n"
	"table{border-collapse:collapse;width:100%;font-size:13px}\n"
	"th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);"
	"vertical-align:top;overflow-wrap:anywhere}\n"
	"th{background:#f9fafb;font-weight:600;color:#374151;position:sticky;top:0}\n"
	"tbody tr:nth-child(even){background:#fafafa}\n"
	"td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
	"td.date{white-space:nowrap}\n"
	"td.sep,th.sep{border-left:2px solid #d1d5db}\n"
	".scroll{overflow-x:auto}\n"
	"main.wide{max-width:none}\n"
	"table.matrix{font-size:12px}\n"
	"table.matrix td{padding:4px 6px}\n"
	".verdict{margin:0 0 14px;font-size:15px}\n"
	"code,.mono{font-family:'DejaVu Sans Mono',Menlo,Consolas,monospace;font-size:12px}\n"
	".id{font-weight:600;min-width:9em}\n"
	".muted{color:var(--muted)}\n"
	".lvl{display:inline-block;padding:0 7px;border-radius:9px;font-size:11.5px;"
	"font-weight:600;color:#fff;background:#9ca3af}\n"
	".lvl.error{background:var(--err)}.lvl.warning{background:var(--warn)}\n"
	".side{display:inline-block;padding:0 7px;border-radius:9px;font-size:11.5px;"
	"font-weight:600;color:#fff}\n"
	".ok{color:var(--ok);font-weight:600}\n"
	".group{border-top:1px solid var(--line);padding-top:6px;margin-top:10px}\n"
	".group:first-of-type{border-top:0}\n"
	".who{font-size:13px;color:#374151;margin:0 0 6px}\n"
	".more{color:var(--muted);font-style:italic;padding:6px 8px}\n"
	"footer{color:var(--muted);font-size:12px;text-align:center;padding:0 0 24px}\n";

/* Paper: A4 landscape, no dark header band, cards on one row, charts
 * small enough to share the first page with the summary. */
static const char print_stylesheet[] =
	"@media print{\n"
	"  @page{size:A4 landscape;margin:12mm}\n"
	"  body{background:#fff;font-size:10pt}\n"
	"  header.top{padding:8px 0;background:#fff;color:#000;border-bottom:2px solid #000}\n"
	"  header.top p{color:#333}\n"
	"  main{padding:8px 0;max-width:none}\n"
	"  section,.card{border-color:#bbb;box-shadow:none}\n"
	"  section{break-inside:avoid-page;page-break-inside:avoid}\n"
	"  section.long{break-inside:auto;page-break-inside:auto}\n"
	"  .grid2{grid-template-columns:1fr 1fr}\n"
	"  .grid2 svg{max-height:60mm}\n"
	"  .cards{grid-template-columns:repeat(6,1fr);gap:8px}\n"
	"  .card{padding:6px 10px}\n"
	"  .card .n{font-size:20px}\n"
	"  section{padding:10px 14px;margin:0 0 10px}\n"
	"  th{position:static}\n"
	"  thead{display:table-header-group}\n"
	"  tr{break-inside:avoid;page-break-inside:avoid}\n"
	"  .group h3,.who{break-after:avoid;page-break-after:avoid}\n"
	"}\n";

void specsync_html_begin(specsync_buf *out, const char *title)
{
	specsync_buf_puts(out,
			  "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
			  "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
			  "'none'; style-src 'unsafe-inline'\">\n"
			  "<meta name=\"viewport\" content=\"width=device-width, "
			  "initial-scale=1\">\n"
			  "<meta name=\"generator\" content=\"specsync " SPECSYNC_VERSION_STRING
			  "\">\n<title>");
	specsync_html_esc(out, title);
	specsync_buf_puts(out, "</title>\n<style>\n");
	specsync_buf_puts(out, stylesheet);
	specsync_buf_puts(out, print_stylesheet);
	specsync_buf_puts(out, "</style>\n</head>\n<body>\n");
}

void specsync_html_end(specsync_buf *out)
{
	specsync_buf_puts(out, "</body>\n</html>\n");
}
