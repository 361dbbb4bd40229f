/* pack.c — the saved file rewritten with object streams (PDF 1.5+, allowed
 * in PDF/A-2): every object that is not a stream goes, deflated, into an
 * object stream, and a cross-reference stream replaces libharu's table.
 *
 * A tagged report has tens of thousands of small dictionaries (structure
 * elements, annotations); as plain objects each costs its dictionary text
 * plus a 20-byte cross-reference entry. Compressed in object streams they
 * cost a few bytes. libharu 2.3 can write neither, so the bytes it saved
 * are rewritten here: libharu's output has one cross-reference section
 * ("xref", "0 N", N entries, "trailer"), every object "n 0 obj … endobj" in
 * the order of its offset. The structure tree is not made of libharu
 * objects at all: its objects are appended here (PdfExtra), numbered after
 * libharu's, and one placeholder object of libharu's (the structure tree
 * root the catalog names) gets its body from them too. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "../base/mem.h"
#include "pdfdoc.h"

enum { OBJS_PER_STREAM = 200 };

typedef struct Obj {
    size_t off, len;   /* the body: the text between "obj" and "endobj" */
    bool stream;       /* a stream: stays a plain object */
    bool keep;         /* the /Length of a stream: stays a plain object too */
} Obj;

static const unsigned char *find(const unsigned char *p, size_t n, const char *s)
{
    size_t k = strlen(s);
    const unsigned char *end = p + n;
    while (k && (size_t)(end - p) >= k) {
        const unsigned char *q = memchr(p, (unsigned char)s[0], (size_t)(end - p) - k + 1);
        if (!q)
            return NULL;
        if (memcmp(q, s, k) == 0)
            return q;
        p = q + 1;
    }
    return NULL;
}

static const unsigned char *rfind(const unsigned char *p, size_t n, const char *s)
{
    size_t k = strlen(s);
    for (size_t i = n >= k ? n - k + 1 : 0; i-- > 0;)
        if (memcmp(p + i, s, k) == 0)
            return p + i;
    return NULL;
}

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0;
}

/* Parses a decimal number at *p (within end); -1 if there is none. */
static long long number(const unsigned char **p, const unsigned char *end)
{
    while (*p < end && is_space(**p))
        (*p)++;
    if (*p >= end || **p < '0' || **p > '9')
        return -1;
    long long v = 0;
    while (*p < end && **p >= '0' && **p <= '9' && v < (1LL << 40))
        v = v * 10 + (*(*p)++ - '0');
    return v;
}

/* The value of key in the trailer text (up to the end of its line). */
static bool trailer_value(const unsigned char *t, size_t n, const char *key, Buf *out)
{
    const unsigned char *k = find(t, n, key);
    if (!k)
        return false;
    const unsigned char *v = k + strlen(key), *end = t + n;
    const unsigned char *e = v;
    while (e < end && *e != '\n' && *e != '\r')
        e++;
    buf_put(out, v, (size_t)(e - v));
    return true;
}

typedef struct Packer {
    const unsigned char *in;
    size_t len;
    Obj *objs;           /* by object number, [0] unused */
    size_t n;            /* libharu's /Size */
    Buf *out;
    /* the new cross-reference entries: type, field 2, field 3 */
    unsigned char *xtype;
    uint32_t *x2;
    uint16_t *x3;
} Packer;

/* Reads libharu's cross-reference table and the extent of every object. */
static int read_objects(Packer *k, Buf *trailer, const char **why)
{
    const unsigned char *sx = rfind(k->in, k->len, "startxref");
    const unsigned char *p = sx ? sx + 9 : NULL, *end = k->in + k->len;
    long long xref = p ? number(&p, end) : -1;
    if (xref < 0 || (size_t)xref >= k->len || memcmp(k->in + xref, "xref", 4) != 0) {
        *why = "no cross-reference table";
        return -1;
    }
    p = k->in + xref + 4;
    long long first = number(&p, end), count = number(&p, end);
    if (first != 0 || count < 2 || count > 8388607) {
        *why = "an unexpected cross-reference section";
        return -1;
    }
    while (p < end && is_space(*p))
        p++;
    if ((size_t)(end - p) < (size_t)count * 20) {
        *why = "a cut cross-reference table";
        return -1;
    }
    k->n = (size_t)count;
    k->objs = xcalloc(k->n, sizeof *k->objs);
    size_t *order = xcalloc(k->n, sizeof *order);
    size_t m = 0;
    for (size_t i = 1; i < k->n; i++) {
        const unsigned char *e = p + i * 20;
        const unsigned char *q = e;
        long long off = number(&q, e + 10);
        if (e[17] != 'n' || off <= 0 || (size_t)off >= (size_t)xref) {
            free(order);
            *why = "a free or misplaced object";
            return -1;
        }
        k->objs[i].off = (size_t)off;
        order[m++] = i;
    }
    const unsigned char *t = p + k->n * 20;
    trailer_value(t, (size_t)(end - t), "/Root ", trailer);
    /* extents: objects are written one after another, in offset order */
    for (size_t i = 1; i < m; i++) /* insertion sort: libharu writes them in order */
        for (size_t j = i; j > 0 && k->objs[order[j - 1]].off > k->objs[order[j]].off; j--) {
            size_t s = order[j];
            order[j] = order[j - 1];
            order[j - 1] = s;
        }
    for (size_t i = 0; i < m; i++) {
        Obj *o = &k->objs[order[i]];
        size_t stop = i + 1 < m ? k->objs[order[i + 1]].off : (size_t)xref;
        const unsigned char *b = k->in + o->off, *bend = k->in + stop;
        const unsigned char *h = find(b, (size_t)(bend - b), "obj");
        const unsigned char *e = h ? rfind(h, (size_t)(bend - h), "endobj") : NULL;
        if (!h || !e) {
            free(order);
            *why = "an object without obj/endobj";
            return -1;
        }
        o->off = (size_t)(h + 3 - k->in);
        o->len = (size_t)(e - (h + 3));
        const unsigned char *body = h + 3;
        size_t blen = o->len;
        while (blen && is_space(body[blen - 1]))
            blen--;
        o->stream = blen >= 9 && memcmp(body + blen - 9, "endstream", 9) == 0;
    }
    free(order);
    /* the /Length of a stream may be an indirect object: it stays plain */
    for (size_t i = 1; i < k->n; i++) {
        const Obj *o = &k->objs[i];
        if (!o->stream)
            continue;
        const unsigned char *b = k->in + o->off;
        const unsigned char *s = find(b, o->len, "stream");
        const unsigned char *l = s ? find(b, (size_t)(s - b), "/Length ") : NULL;
        if (!l)
            continue;
        const unsigned char *q = l + 8;
        long long num = number(&q, s), gen = number(&q, s);
        while (q < s && is_space(*q))
            q++;
        if (num > 0 && (size_t)num < k->n && gen == 0 && q < s && *q == 'R')
            k->objs[num].keep = true;
    }
    return 0;
}

static void put_plain(Packer *k, uint32_t num, const unsigned char *body, size_t len)
{
    k->xtype[num] = 1;
    k->x2[num] = (uint32_t)k->out->len;
    buf_printf(k->out, "%u 0 obj", (unsigned)num);
    buf_put(k->out, body, len);
    buf_puts(k->out, "endobj\n");
}

/* Deflates src into out as a stream object's data. */
static int deflate_into(Buf *out, const Buf *src)
{
    uLongf cap = compressBound((uLong)src->len);
    unsigned char *z = malloc(cap ? cap : 1);
    if (!z || compress2(z, &cap, (const Bytef *)src->data, (uLong)src->len, 1) != Z_OK) {
        free(z);
        return -1;
    }
    buf_printf(out, "/Length %lu\n>>\nstream\n", (unsigned long)cap);
    buf_put(out, z, cap);
    buf_puts(out, "\nendstream\nendobj\n");
    free(z);
    return 0;
}

/* Collects compressible objects into object streams. */
typedef struct StmAcc {
    Buf head, body;    /* "num off …" and the objects */
    uint32_t nums[OBJS_PER_STREAM];
    size_t n;
} StmAcc;

static int flush_stream(Packer *k, StmAcc *s, uint32_t *next_num)
{
    if (!s->n)
        return 0;
    uint32_t num = (*next_num)++;
    for (size_t i = 0; i < s->n; i++) {
        k->xtype[s->nums[i]] = 2;
        k->x2[s->nums[i]] = num;
        k->x3[s->nums[i]] = (uint16_t)i;
    }
    k->xtype[num] = 1;
    k->x2[num] = (uint32_t)k->out->len;
    Buf all = {0};
    buf_put(&all, s->head.data, s->head.len);
    buf_put(&all, s->body.data, s->body.len);
    buf_printf(k->out, "%u 0 obj\n<</Type/ObjStm/N %zu/First %zu/Filter/FlateDecode", num, s->n,
               s->head.len);
    int r = deflate_into(k->out, &all);
    buf_free(&all);
    s->head.len = s->body.len = 0;
    s->n = 0;
    return r;
}

static int add_compressed(Packer *k, StmAcc *s, uint32_t num, const void *body, size_t len,
                          uint32_t *next_num)
{
    buf_printf(&s->head, "%u %zu ", (unsigned)num, s->body.len);
    buf_put(&s->body, body, len);
    buf_putc(&s->body, '\n');
    s->nums[s->n++] = num;
    return s->n == OBJS_PER_STREAM ? flush_stream(k, s, next_num) : 0;
}

static void put_be(Buf *b, uint32_t v, int bytes)
{
    for (int i = bytes - 1; i >= 0; i--)
        buf_putc(b, (char)(v >> (8 * i)));
}

int pdf_pack(const unsigned char *in, size_t len, const PdfExtra *extra, Buf *out,
             const char **why)
{
    Packer k = {in, len, NULL, 0, out, NULL, NULL, NULL};
    Buf root = {0}, info = {0}, id = {0};
    *why = NULL;
    int rc = -1;
    if (read_objects(&k, &root, why) != 0)
        goto done;
    const unsigned char *t = rfind(in, len, "trailer");
    if (!t || !trailer_value(t, len - (size_t)(t - in), "/Info ", &info) ||
        !trailer_value(t, len - (size_t)(t - in), "/ID ", &id) || !root.len) {
        *why = "a trailer without /Root, /Info or /ID";
        goto done;
    }
    size_t n_extra = extra ? extra->n : 0;
    /* numbers: libharu's, the extra objects, the object streams, the xref stream */
    size_t max = k.n + n_extra + (k.n + n_extra) / OBJS_PER_STREAM + 3;
    k.xtype = xcalloc(max, 1);
    k.x2 = xcalloc(max, sizeof *k.x2);
    k.x3 = xcalloc(max, sizeof *k.x3);
    /* the header, the streams and what must stay plain */
    buf_put(out, in, k.objs[1].off ? (size_t)(find(in, len, "\n1 0 obj") - in) + 1 : 0);
    for (size_t i = 1; i < k.n; i++) {
        const Obj *o = &k.objs[i];
        if (o->stream || o->keep)
            put_plain(&k, (uint32_t)i, in + o->off, o->len);
    }
    uint32_t next = (uint32_t)(k.n + n_extra);
    StmAcc s = {0};
    Buf body = {0};
    for (size_t i = 1; i < k.n && !*why; i++) {
        const Obj *o = &k.objs[i];
        if (o->stream || o->keep)
            continue;
        const void *b = in + o->off;
        size_t bl = o->len;
        if (extra && extra->replace == i) {
            body.len = 0;
            extra->write(extra->ctx, (uint32_t)k.n, n_extra, &body);
            b = body.data;
            bl = body.len;
        }
        if (add_compressed(&k, &s, (uint32_t)i, b, bl, &next) != 0)
            *why = "compressing objects";
    }
    for (size_t i = 0; i < n_extra && !*why; i++) {
        body.len = 0;
        extra->write(extra->ctx, (uint32_t)k.n, i, &body);
        if (add_compressed(&k, &s, (uint32_t)(k.n + i), body.data, body.len, &next) != 0)
            *why = "compressing objects";
    }
    if (!*why && flush_stream(&k, &s, &next) != 0)
        *why = "compressing objects";
    buf_free(&s.head);
    buf_free(&s.body);
    buf_free(&body);
    if (*why)
        goto done;
    /* the cross-reference stream: type (1 byte), offset or stream (4), index (2) */
    uint32_t xnum = next++;
    size_t xoff = out->len;
    k.xtype[xnum] = 1;
    k.x2[xnum] = (uint32_t)xoff;
    Buf x = {0};
    for (uint32_t i = 0; i < next; i++) {
        buf_putc(&x, (char)k.xtype[i]);
        put_be(&x, i == 0 ? 0 : k.x2[i], 4);
        put_be(&x, i == 0 ? 65535 : k.x3[i], 2);
    }
    buf_printf(out, "%u 0 obj\n<</Type/XRef/Size %u/W[1 4 2]/Root %.*s/Info %.*s/ID %.*s"
               "/Filter/FlateDecode",
               (unsigned)xnum, (unsigned)next, (int)root.len, root.data, (int)info.len, info.data,
               (int)id.len, id.data);
    int r = deflate_into(out, &x);
    buf_free(&x);
    if (r != 0) {
        *why = "compressing the cross-reference stream";
        goto done;
    }
    buf_printf(out, "startxref\n%zu\n%%%%EOF\n", xoff);
    rc = 0;
done:
    free(k.objs);
    free(k.xtype);
    free(k.x2);
    free(k.x3);
    buf_free(&root);
    buf_free(&info);
    buf_free(&id);
    return rc;
}
