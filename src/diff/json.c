/* json.c — a small, strict JSON parser (RFC 8259) into arena-held values.
 * Enough for layout dumps: no extensions, UTF-8 checked, depth limited,
 * duplicate keys refused, every error with its line and column. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../base/buf.h"
#include "../base/mem.h"
#include "../base/utf8.h"
#include "internal.h"

enum { MAX_DEPTH = 64 };

typedef struct Parser {
    const char *s;
    size_t len, pos;
    int line;
    size_t line_start;     /* offset where the current line begins */
    Arena *a;
    char *err;
    size_t errlen;
    int err_line, err_col;
    bool failed;
} Parser;

/* Column (in code points) of byte offset `at` on the current line. */
static int col_at(const Parser *p, size_t at)
{
    return (int)utf8_count(p->s + p->line_start, at - p->line_start) + 1;
}

static void fail_at(Parser *p, size_t at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void fail_at(Parser *p, size_t at, const char *fmt, ...)
{
    if (p->failed)
        return;
    p->failed = true;
    p->err_line = p->line;
    p->err_col = col_at(p, at);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->err, p->errlen, fmt, ap);
    va_end(ap);
}

static void skip_ws(Parser *p)
{
    while (p->pos < p->len) {
        char c = p->s[p->pos];
        if (c == '\n') {
            p->line++;
            p->line_start = p->pos + 1;
        } else if (c != ' ' && c != '\t' && c != '\r') {
            return;
        }
        p->pos++;
    }
}

/* Consumes c when it is the next byte. */
static bool eat(Parser *p, char c)
{
    if (p->pos < p->len && p->s[p->pos] == c) {
        p->pos++;
        return true;
    }
    return false;
}

/* A description of the byte at pos for messages: "'x'", "end of file". */
static const char *what(const Parser *p, char buf[16])
{
    if (p->pos >= p->len)
        return "end of file";
    unsigned char c = (unsigned char)p->s[p->pos];
    if (c >= 0x20 && c < 0x7f)
        snprintf(buf, 16, "'%c'", c);
    else
        snprintf(buf, 16, "byte 0x%02X", c);
    return buf;
}

static JsonValue *new_value(Parser *p, JsonType t)
{
    JsonValue *v = arena_alloc(p->a, sizeof *v);
    v->type = t;
    v->line = p->line;
    v->offset = p->pos;
    return v;
}

static JsonValue *parse_value(Parser *p, int depth);

static unsigned hex4(const char *s)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (unsigned)(c - 'A' + 10);
        else
            return 0xFFFFFFFFu;
    }
    return v;
}

/* A string starting at the opening quote; the result is NUL-terminated in the arena. */
static const char *parse_string(Parser *p, size_t *out_len)
{
    size_t start = p->pos;
    p->pos++; /* the quote */
    /* the common case, plain ASCII without escapes, is copied in one piece */
    size_t end = p->pos;
    while (end < p->len && p->s[end] != '"' && p->s[end] != '\\' &&
           (unsigned char)p->s[end] >= 0x20 && (unsigned char)p->s[end] < 0x80)
        end++;
    if (end < p->len && p->s[end] == '"') {
        *out_len = end - p->pos;
        const char *plain = arena_strndup(p->a, p->s + p->pos, *out_len);
        p->pos = end + 1;
        return plain;
    }
    Buf b = {0};
    const char *result = NULL;
    for (;;) {
        if (p->pos >= p->len) {
            fail_at(p, start, "unterminated string");
            goto out;
        }
        unsigned char c = (unsigned char)p->s[p->pos];
        if (c == '"') {
            p->pos++;
            break;
        }
        if (c < 0x20) {
            fail_at(p, p->pos, "control character in a string (write it as \\u%04X)", c);
            goto out;
        }
        if (c >= 0x80) {
            uint32_t cp;
            size_t k = utf8_decode((const unsigned char *)p->s + p->pos, p->len - p->pos, &cp);
            if (!k) {
                fail_at(p, p->pos, "invalid UTF-8 in a string");
                goto out;
            }
            buf_put(&b, p->s + p->pos, k);
            p->pos += k;
            continue;
        }
        if (c != '\\') {
            buf_putc(&b, (char)c);
            p->pos++;
            continue;
        }
        size_t esc = p->pos;
        if (p->pos + 1 >= p->len) {
            fail_at(p, start, "unterminated string");
            goto out;
        }
        char e = p->s[p->pos + 1];
        p->pos += 2;
        switch (e) {
        case '"': buf_putc(&b, '"'); break;
        case '\\': buf_putc(&b, '\\'); break;
        case '/': buf_putc(&b, '/'); break;
        case 'b': buf_putc(&b, '\b'); break;
        case 'f': buf_putc(&b, '\f'); break;
        case 'n': buf_putc(&b, '\n'); break;
        case 'r': buf_putc(&b, '\r'); break;
        case 't': buf_putc(&b, '\t'); break;
        case 'u': {
            unsigned cp = p->pos + 4 <= p->len ? hex4(p->s + p->pos) : 0xFFFFFFFFu;
            if (cp == 0xFFFFFFFFu) {
                fail_at(p, esc, "\\u needs four hexadecimal digits");
                goto out;
            }
            p->pos += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                bool pair = p->pos + 6 <= p->len && p->s[p->pos] == '\\' && p->s[p->pos + 1] == 'u';
                unsigned lo = pair ? hex4(p->s + p->pos + 2) : 0xFFFFFFFFu;
                if (lo < 0xDC00 || lo > 0xDFFF) {
                    fail_at(p, esc, "unpaired surrogate in \\u escape");
                    goto out;
                }
                p->pos += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                fail_at(p, esc, "unpaired surrogate in \\u escape");
                goto out;
            } else if (cp == 0) {
                fail_at(p, esc, "\\u0000 is not allowed in a string");
                goto out;
            }
            char u[4];
            buf_put(&b, u, utf8_encode(cp, u));
            break;
        }
        default:
            fail_at(p, esc, "unknown escape '\\%c'", e >= 0x20 && e < 0x7f ? e : '?');
            goto out;
        }
    }
    *out_len = b.len;
    result = arena_strndup(p->a, b.data ? b.data : "", b.len);
out:
    buf_free(&b);
    return result;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static void parse_number(Parser *p, JsonValue *v)
{
    size_t start = p->pos, i = p->pos;
    if (i < p->len && p->s[i] == '-')
        i++;
    if (i < p->len && p->s[i] == '0') {
        i++;
    } else if (i < p->len && is_digit(p->s[i])) {
        while (i < p->len && is_digit(p->s[i]))
            i++;
    } else {
        fail_at(p, start, "invalid number");
        return;
    }
    if (i < p->len && p->s[i] == '.') {
        i++;
        if (i >= p->len || !is_digit(p->s[i])) {
            fail_at(p, start, "invalid number (digits must follow '.')");
            return;
        }
        while (i < p->len && is_digit(p->s[i]))
            i++;
    }
    if (i < p->len && (p->s[i] == 'e' || p->s[i] == 'E')) {
        i++;
        if (i < p->len && (p->s[i] == '+' || p->s[i] == '-'))
            i++;
        if (i >= p->len || !is_digit(p->s[i])) {
            fail_at(p, start, "invalid number (digits must follow the exponent)");
            return;
        }
        while (i < p->len && is_digit(p->s[i]))
            i++;
    }
    char tmp[64];
    size_t n = i - start;
    if (n >= sizeof tmp) {
        fail_at(p, start, "number too long");
        return;
    }
    memcpy(tmp, p->s + start, n);
    tmp[n] = '\0';
    errno = 0;
    v->number = strtod(tmp, NULL); /* imagreport never changes LC_NUMERIC */
    if (errno == ERANGE && (v->number > 1 || v->number < -1)) {
        fail_at(p, start, "number out of range");
        return;
    }
    p->pos = i;
}

static bool literal(Parser *p, const char *word)
{
    size_t n = strlen(word);
    if (p->len - p->pos >= n && memcmp(p->s + p->pos, word, n) == 0) {
        p->pos += n;
        return true;
    }
    return false;
}

/* Children are collected in a temporary malloc'd vector and copied into the arena. */
typedef struct Vec {
    void *data;
    size_t n, cap, size;
} Vec;

static void vec_push(Vec *v, const void *item)
{
    v->data = mem_grow(v->data, &v->cap, v->n + 1, v->size);
    memcpy((char *)v->data + v->n * v->size, item, v->size);
    v->n++;
}

static void *vec_to_arena(Vec *v, Arena *a)
{
    void *out = arena_calloc(a, v->n ? v->n : 1, v->size);
    if (v->n)
        memcpy(out, v->data, v->n * v->size);
    free(v->data);
    v->data = NULL;
    return out;
}

static void parse_array(Parser *p, JsonValue *v, int depth)
{
    Vec items = {.size = sizeof(JsonValue *)};
    p->pos++; /* [ */
    skip_ws(p);
    if (!eat(p, ']')) {
        for (;;) {
            JsonValue *item = parse_value(p, depth + 1);
            if (!item)
                break;
            vec_push(&items, &item);
            skip_ws(p);
            char w[16];
            if (eat(p, ','))
                continue;
            if (eat(p, ']'))
                break;
            fail_at(p, p->pos, "expected ',' or ']' after an array item, found %s", what(p, w));
            break;
        }
    }
    v->n = items.n;
    v->items = vec_to_arena(&items, p->a);
}

static void parse_object(Parser *p, JsonValue *v, int depth)
{
    Vec members = {.size = sizeof(JsonMember)};
    p->pos++; /* { */
    skip_ws(p);
    char w[16];
    if (!eat(p, '}')) {
        for (;;) {
            skip_ws(p);
            if (p->pos >= p->len || p->s[p->pos] != '"') {
                fail_at(p, p->pos, "expected a key in quotes, found %s", what(p, w));
                break;
            }
            size_t key_at = p->pos, klen;
            const char *key = parse_string(p, &klen);
            if (!key)
                break;
            const JsonMember *m = members.data;
            for (size_t i = 0; i < members.n; i++) {
                if (strcmp(m[i].key, key) == 0) {
                    fail_at(p, key_at, "duplicate key \"%s\"", key);
                    break;
                }
            }
            if (p->failed)
                break;
            skip_ws(p);
            if (p->pos >= p->len || p->s[p->pos] != ':') {
                fail_at(p, p->pos, "expected ':' after the key, found %s", what(p, w));
                break;
            }
            p->pos++;
            JsonValue *val = parse_value(p, depth + 1);
            if (!val)
                break;
            JsonMember nm = {key, val};
            vec_push(&members, &nm);
            skip_ws(p);
            if (eat(p, ','))
                continue;
            if (eat(p, '}'))
                break;
            fail_at(p, p->pos, "expected ',' or '}' after an object member, found %s", what(p, w));
            break;
        }
    }
    v->n = members.n;
    v->members = vec_to_arena(&members, p->a);
}

static JsonValue *parse_value(Parser *p, int depth)
{
    skip_ws(p);
    char w[16];
    if (depth > MAX_DEPTH) {
        fail_at(p, p->pos, "nesting deeper than %d levels", MAX_DEPTH);
        return NULL;
    }
    if (p->pos >= p->len) {
        fail_at(p, p->pos, "expected a value, found end of file");
        return NULL;
    }
    char c = p->s[p->pos];
    JsonValue *v;
    switch (c) {
    case '{':
        v = new_value(p, JSON_OBJECT);
        parse_object(p, v, depth);
        break;
    case '[':
        v = new_value(p, JSON_ARRAY);
        parse_array(p, v, depth);
        break;
    case '"':
        v = new_value(p, JSON_STRING);
        v->str = parse_string(p, &v->len);
        break;
    case 't':
    case 'f':
    case 'n':
        v = new_value(p, c == 'n' ? JSON_NULL : JSON_BOOL);
        if (literal(p, "true"))
            v->boolean = true;
        else if (!literal(p, "false") && !literal(p, "null"))
            fail_at(p, p->pos, "unexpected word (expected true, false or null)");
        else if ((c == 'n') != (v->type == JSON_NULL))
            fail_at(p, p->pos, "unexpected word");
        break;
    default:
        if (c == '-' || is_digit(c)) {
            v = new_value(p, JSON_NUMBER);
            parse_number(p, v);
        } else {
            fail_at(p, p->pos, "expected a value, found %s", what(p, w));
            return NULL;
        }
    }
    return p->failed ? NULL : v;
}

JsonValue *json_parse(const char *text, size_t len, Arena *a, char *err, size_t errlen, int *line,
                      int *col)
{
    Parser p = {.s = text, .len = len, .line = 1, .a = a, .err = err, .errlen = errlen};
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) /* a byte order mark */
        p.pos = p.line_start = 3;
    JsonValue *v = parse_value(&p, 0);
    if (v) {
        skip_ws(&p);
        if (p.pos < p.len) {
            char w[16];
            fail_at(&p, p.pos, "unexpected %s after the end of the document", what(&p, w));
            v = NULL;
        }
    }
    if (!v) {
        *line = p.err_line;
        *col = p.err_col;
    }
    return v;
}

int json_column(const char *text, size_t offset)
{
    size_t start = offset;
    while (start > 0 && text[start - 1] != '\n')
        start--;
    return (int)utf8_count(text + start, offset - start) + 1;
}

const JsonValue *json_get(const JsonValue *obj, const char *key)
{
    if (!obj || obj->type != JSON_OBJECT)
        return NULL;
    for (size_t i = 0; i < obj->n; i++)
        if (strcmp(obj->members[i].key, key) == 0)
            return obj->members[i].value;
    return NULL;
}
