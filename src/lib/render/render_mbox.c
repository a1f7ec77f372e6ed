/*
 * The digests as e-mails (`--format mbox`): one RFC 5322 message per person
 * who has something to do or know (to all of their addresses), in an mboxrd file (mail.h); the parts
 * come from render_digest.c (digest.h).
 */
#include "common.h"
#include "config.h"
#include "digest.h"
#include "mail.h"
#include "render.h"
#include "renderers.h"
#include "report.h"

#include <stdio.h>

#define DEFAULT_SENDER "specsync <noreply@localhost>"

typedef struct mbox_ctx {
	const char *from_name, *from_addr;
	const specsync_report *rep;
	specsync_buf scratch;
} mbox_ctx;

static void subject(specsync_buf *out, const specsync_result *r, const specsync_digest_person *p, const specsync_digest_counts *c)
{
	size_t listed = 0;

	if (c->todo)
		specsync_buf_printf(out, "[specsync] %zu requirement%s wait%s for your update",
				    c->todo, c->todo == 1 ? "" : "s", c->todo == 1 ? "s" : "");
	else if (c->know)
		specsync_buf_printf(out,
				    "[specsync] %zu unsynchronised requirement%s to know about",
				    c->know, c->know == 1 ? "" : "s");
	else
		specsync_buf_printf(out, "[specsync] %zu of your edits need%s attention", c->own,
				    c->own == 1 ? "s" : "");
	for (size_t i = 0; i < r->finding_count && listed < 3; i++) {
		const specsync_finding *f = &r->findings[i];
		if (!specsync_digest_wants(f, p, c->todo ? 0 : c->know ? 1 : 2))
			continue;
		if (strlen(f->requirement) > 60) /* header lines stay short */
			break;
		specsync_buf_printf(out, "%s%s", listed ? ", " : " (", f->requirement);
		listed++;
	}
	if (listed)
		specsync_buf_puts(out, listed < (c->todo   ? c->todo
						 : c->know ? c->know
							   : c->own)
					       ? ", ...)"
					       : ")");
}

/* Into s (cleared): the person's mailboxes, one per usable address, the
 * addresses as the configuration writes them; returns how many. */
static size_t recipients(specsync_buf *s, const specsync_result *r,
			 const specsync_digest_person *p)
{
	size_t n = 0;

	specsync_buf_clear(s);
	for (size_t i = 0; i < p->email_count; i++) {
		const char *addr = specsync_config_address_as_written(r->cfg, p->emails[i]);
		if (!specsync_mail_addr_ok(addr))
			continue;
		if (n++)
			specsync_buf_puts(s, ", ");
		specsync_mail_mailbox(s, p->name, addr);
	}
	return n;
}

static int mbox_part(specsync_buf *out, const specsync_result *r, const specsync_digest_person *p, const char *text,
		     size_t len, const specsync_digest_counts *c, size_t index, void *payload)
{
	mbox_ctx *ctx = payload;
	specsync_buf *s = &ctx->scratch;
	const char *at = strchr(ctx->from_addr, '@');
	char date[40];

	if (!recipients(&ctx->scratch, r, p))
		return 0; /* in the digest, but no address to write to */
	specsync_mail_separator(out, ctx->from_addr, r->now);
	specsync_buf_clear(s);
	specsync_mail_mailbox(s, ctx->from_name, ctx->from_addr);
	specsync_mail_header_raw(out, "From", s->ptr);
	recipients(s, r, p);
	specsync_mail_header_raw(out, "To", s->ptr);
	specsync_buf_clear(s);
	subject(s, r, p, c);
	specsync_mail_header(out, "Subject", s->ptr);
	specsync_mail_date(date, r->now);
	specsync_mail_header_raw(out, "Date", date);
	specsync_buf_clear(s);
	specsync_buf_printf(s, "<specsync.%lld.%.12s.%zu@%s>", (long long)r->now, r->head, index,
			    at + 1);
	specsync_mail_header_raw(out, "Message-ID", s->ptr);
	specsync_buf_puts(out,
			  "MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
			  "Content-Transfer-Encoding: 8bit\nAuto-Submitted: auto-generated\n\n");
	specsync_buf_clear(s);
	specsync_buf_puts(s, "Hello");
	if (p->name)
		specsync_buf_printf(s, " %s", p->name);
	specsync_buf_puts(s, ",\n\n");
	specsync_digest_intro(s, r, ctx->rep);
	specsync_buf_putc(s, '\n');
	specsync_buf_put(s, text, len);
	specsync_buf_puts(s, "\n-- \nsent by specsync " SPECSYNC_VERSION_STRING
			     " on behalf of the project's RACI matrix (.specsync.yml)\n");
	specsync_mail_body(out, s->ptr, s->size);
	return s->failed ? SPECSYNC_ENOMEM : 0;
}

int specsync_render_mbox(specsync_buf *out, const specsync_result *r,
			 const specsync_render_options *opts)
{
	mbox_ctx ctx;
	specsync_report rep;
	char *name = NULL, *addr = NULL;
	int error;

	memset(&ctx, 0, sizeof(ctx));
	if ((!opts->sender || specsync_mail_parse_address(&name, &addr, opts->sender) < 0) &&
	    specsync_mail_parse_address(&name, &addr, DEFAULT_SENDER) < 0)
		return SPECSYNC_ENOMEM;
	ctx.from_name = name;
	ctx.from_addr = addr;
	ctx.rep = &rep;
	if ((error = specsync_report_build(&rep, r)) == 0)
		error = specsync_digest_for_each_part(out, r, mbox_part, &ctx);
	specsync_report_dispose(&rep);
	specsync_buf_dispose(&ctx.scratch);
	free(name);
	free(addr);
	return error < 0 || out->failed ? SPECSYNC_ENOMEM : 0;
}
