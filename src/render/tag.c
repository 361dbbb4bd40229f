/* tag.c — the tagged PDF: marked content on the pages and the structure
 * tree (PDF/UA-1, PDF/A-2a) from the structure layout carried to the boxes.
 *
 * Layout gives every content box its element and every other box its kind
 * of artifact; nothing here decides what is what. Consecutive boxes of one
 * element on a page share one marked-content sequence (one MCID); an
 * element on several pages gets marked content on each (integer MCIDs on
 * its first page /Pg, MCR dictionaries on the others). An element's kids
 * are placed in reading order: its children in document order, with its
 * own marked content where it appears among them. Link annotations join
 * their Link element as OBJR kids. The tree is written as text into the
 * file's object streams (pack.c): as libharu objects its tens of thousands of
 * small dictionaries cost more than the pages' content. */
#include <stdio.h>
#include <string.h>

#include "../base/buf.h"
#include "../base/utf8.h"
#include "hpdfx.h"
#include "pdfdoc.h"

enum { KID_NODE, KID_MCR, KID_OBJR };

#define ARTIFACT_KEY 0x80000000u

void pdf_tags_init(PdfDoc *doc)
{
    PdfTags *t = &doc->tags;
    Arena *a = doc->arena;
    size_t n = doc->lay->n_nodes ? doc->lay->n_nodes : 1;
    t->n_nodes = doc->lay->n_nodes;
    t->kid_first = arena_calloc(a, n, sizeof *t->kid_first);
    t->kid_last = arena_calloc(a, n, sizeof *t->kid_last);
    t->child_first = arena_calloc(a, n, sizeof *t->child_first);
    t->child_next = arena_calloc(a, n, sizeof *t->child_next);
    t->child_cursor = arena_calloc(a, n, sizeof *t->child_cursor);
    t->placed = arena_calloc(a, n, sizeof *t->placed);
    t->first_page = arena_calloc(a, n, sizeof *t->first_page);
    t->page_mcid = arena_calloc(a, doc->lay->n_pages + 1, sizeof *t->page_mcid);
    /* children lists in creation (= document) order */
    uint32_t *last = arena_calloc(a, n, sizeof *last);
    for (size_t i = 0; i < t->n_nodes; i++) {
        t->first_page[i] = -1;
        if (i == 0)
            continue;
        uint32_t p = doc->lay->nodes[i].parent;
        if (p >= i)
            p = 0;
        if (last[p])
            t->child_next[last[p] - 1] = (uint32_t)i + 1;
        else
            t->child_first[p] = (uint32_t)i + 1;
        last[p] = (uint32_t)i + 1;
    }
    for (size_t i = 0; i < t->n_nodes; i++)
        t->child_cursor[i] = t->child_first[i];
    t->placed[0] = 1;
}

static void add_kid(PdfDoc *doc, uint32_t node, uint8_t kind, uint32_t page, uint32_t value)
{
    PdfTags *t = &doc->tags;
    t->kids = arena_grow(doc->arena, t->kids, &t->cap_kids, t->n_kids + 1, sizeof *t->kids);
    t->kids[t->n_kids] = (TagKid){0, kind, page, value};
    uint32_t id = (uint32_t)++t->n_kids;
    if (t->kid_last[node])
        t->kids[t->kid_last[node] - 1].next = id;
    else
        t->kid_first[node] = id;
    t->kid_last[node] = id;
}

/* Places element n among its parent's kids, after the siblings that come
 * before it in the document (placing those that have not appeared yet). */
static void place(PdfDoc *doc, uint32_t n)
{
    PdfTags *t = &doc->tags;
    if (n >= t->n_nodes || t->placed[n])
        return;
    uint32_t p = doc->lay->nodes[n].parent;
    if (p >= n)
        p = 0;
    place(doc, p);
    while (t->child_cursor[p]) {
        uint32_t s = t->child_cursor[p] - 1;
        t->child_cursor[p] = t->child_next[s];
        if (!t->placed[s]) {
            t->placed[s] = 1;
            add_kid(doc, p, KID_NODE, 0, s);
        }
        if (s == n)
            return;
    }
}

uint32_t pdf_tag_key(const Box *b)
{
    if (b->artifact != ART_NONE || b->node == 0)
        return ARTIFACT_KEY | (b->artifact != ART_NONE ? b->artifact : ART_LAYOUT);
    return b->node;
}

static const char *artifact_op(unsigned kind)
{
    switch (kind) {
    case ART_HEADER:
        return "/Artifact <</Type/Pagination/Subtype/Header>> BDC\n";
    case ART_FOOTER:
        return "/Artifact <</Type/Pagination/Subtype/Footer>> BDC\n";
    case ART_WATERMARK:
        return "/Artifact <</Type/Pagination/Subtype/Watermark>> BDC\n";
    case ART_REPEATED:
        return "/Artifact <</Type/Pagination>> BDC\n";
    default:
        return "/Artifact <</Type/Layout>> BDC\n";
    }
}

int pdf_tag_begin(PdfDoc *doc, size_t page, const Box *b)
{
    PdfTags *t = &doc->tags;
    uint32_t key = pdf_tag_key(b);
    char op[64];
    const char *s = op;
    if (key & ARTIFACT_KEY || key >= t->n_nodes) {
        s = artifact_op(key & ~ARTIFACT_KEY);
    } else {
        size_t mcid = t->n_mcid - t->page_mcid[page];
        t->mcid_node = arena_grow(doc->arena, t->mcid_node, &t->cap_mcid, t->n_mcid + 1,
                                  sizeof *t->mcid_node);
        t->mcid_node[t->n_mcid++] = key;
        place(doc, key);
        add_kid(doc, key, KID_MCR, (uint32_t)page, (uint32_t)mcid);
        if (t->first_page[key] < 0)
            t->first_page[key] = (int32_t)page;
        snprintf(op, sizeof op, "/%s <</MCID %zu>> BDC\n",
                 struct_type_names[doc->lay->nodes[key].type], mcid);
    }
    if (hpdfx_page_write(doc->pages[page], s, strlen(s)) != HPDF_OK)
        return pdf_error(doc, "writing marked content");
    return 0;
}

/* A link's description: its element's text (the row of a whole-row link),
 * else the text of its boxes on the page, else its target. */
static const char *link_contents(PdfDoc *doc, size_t page, const LinkArea *l)
{
    const StructNode *n = l->node < doc->lay->n_nodes ? &doc->lay->nodes[l->node] : NULL;
    if (n && n->alt)
        return n->alt;
    Buf b = {0};
    const Page *pg = &doc->lay->pages[page];
    for (size_t i = 0; l->node && i < pg->n_boxes; i++) {
        const Box *bx = &pg->boxes[i];
        if (bx->node != l->node || bx->kind != BOX_TEXT || !bx->text)
            continue;
        if (b.len)
            buf_putc(&b, ' ');
        buf_put(&b, bx->text, strnlen(bx->text, bx->len));
    }
    if (!b.len)
        buf_puts(&b, l->kind == DLINK_URI && l->uri ? l->uri : "Link");
    return buf_to_arena(&b, doc->arena);
}

int pdf_tag_link(PdfDoc *doc, size_t page, const LinkArea *l, HPDF_Annotation annot)
{
    PdfTags *t = &doc->tags;
    if (l->node == 0 || l->node >= t->n_nodes)
        return pdf_fail(doc, "a link on page %zu outside the document structure", page + 1);
    HPDF_MMgr mm = hpdfx_mmgr(doc->pdf);
    const char *text = pdf_text_shorten(pdfmeta_clean(link_contents(doc, page, l), doc->arena),
                                        PDF_OUTLINE_MAX_UTF8, PDF_INFO_MAX_UTF16, doc->arena);
    HPDF_Encoder enc = HPDF_GetEncoder(doc->pdf, "UTF-8");
    HPDF_STATUS r = HPDF_OK;
    r += HPDF_Dict_AddNumber(annot, "StructParent",
                             (HPDF_INT32)(doc->lay->n_pages + t->n_annots));
    r += HPDF_Dict_Add(annot, "Contents", HPDF_String_New(mm, text ? text : "Link", enc));
    if (!HPDF_Dict_GetItem(doc->pages[page], "Tabs", HPDF_OCLASS_NAME))
        r += HPDF_Dict_AddName(doc->pages[page], "Tabs", "S");
    if (r != HPDF_OK)
        return pdf_error(doc, "tagging a link");
    t->annots = arena_grow(doc->arena, t->annots, &t->cap_annots, t->n_annots + 1,
                           sizeof *t->annots);
    t->annots[t->n_annots] = (struct TagAnnot){hpdfx_obj_number(annot), l->node};
    place(doc, l->node);
    add_kid(doc, l->node, KID_OBJR, (uint32_t)page, (uint32_t)t->n_annots);
    t->n_annots++;
    return 0;
}

/* ---------- the structure tree, written as text ----------
 *
 * The elements are not libharu objects: pdf_pack() appends them to the file
 * (object streams) as extra objects numbered from `base`, element i is
 * object base + i, the parent tree's root base + n, its leaves after it.
 * The catalog's /StructTreeRoot is a libharu placeholder whose body comes
 * from here too. */

enum { TREE_LEAF = 512 }; /* parent-tree entries per leaf of the number tree */

static size_t tree_keys(const PdfDoc *doc)
{
    return doc->lay->n_pages + doc->tags.n_annots;
}

static size_t tree_leaves(const PdfDoc *doc)
{
    return (tree_keys(doc) + TREE_LEAF - 1) / TREE_LEAF;
}

static void ref(Buf *b, uint32_t num)
{
    buf_printf(b, "%u 0 R", (unsigned)num);
}

/* A text string: UTF-16BE with a byte order mark, in hex. */
static void text_string(Buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    buf_puts(b, "<FEFF");
    size_t n = s ? strlen(s) : 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = utf8_decode((const unsigned char *)s + i, n - i, &cp);
        if (k == 0) {
            i++;
            continue;
        }
        i += k;
        if (cp > 0xFFFF)
            cp = 0xFFFD; /* pdfmeta_clean keeps the BMP only */
        for (int sh = 12; sh >= 0; sh -= 4)
            buf_putc(b, hex[(cp >> sh) & 15]);
    }
    buf_putc(b, '>');
}

static void write_kid(const PdfDoc *doc, uint32_t base, const TagKid *k, int32_t fp, Buf *b)
{
    const PdfTags *t = &doc->tags;
    switch (k->kind) {
    case KID_NODE:
        ref(b, base + k->value);
        break;
    case KID_MCR:
        if ((int32_t)k->page == fp) {
            buf_printf(b, "%u", (unsigned)k->value);
        } else {
            buf_puts(b, "<</Type/MCR/Pg ");
            ref(b, t->page_num[k->page]);
            buf_printf(b, "/MCID %u>>", (unsigned)k->value);
        }
        break;
    default:
        buf_puts(b, "<</Type/OBJR/Pg ");
        ref(b, t->page_num[k->page]);
        buf_puts(b, "/Obj ");
        ref(b, t->annots[k->value].num);
        buf_puts(b, ">>");
        break;
    }
}

static void write_element(const PdfDoc *doc, uint32_t base, uint32_t n, Buf *b)
{
    const PdfTags *t = &doc->tags;
    const StructNode *sn = &doc->lay->nodes[n];
    buf_printf(b, "<</S/%s/P ", struct_type_names[sn->type < ST_COUNT ? sn->type : ST_P]);
    ref(b, n == 0 ? t->root_num : base + (sn->parent < n ? sn->parent : 0));
    int32_t fp = t->first_page[n];
    if (fp >= 0) {
        buf_puts(b, "/Pg ");
        ref(b, t->page_num[fp]);
    }
    if (sn->alt && sn->type == ST_FIGURE) {
        buf_puts(b, "/Alt");
        text_string(b, t->alt[n]);
    }
    if (sn->type == ST_NOTE) /* PDF/UA: every Note has a unique /ID */
        buf_printf(b, "/ID(note-%u)", (unsigned)n);
    if (sn->type == ST_TH)
        buf_printf(b, "/A<</O/Table/Scope/%s>>", sn->scope == SCOPE_ROW ? "Row" : "Column");
    uint32_t k = t->kid_first[n];
    if (k && !t->kids[k - 1].next) { /* one kid: the value itself */
        buf_puts(b, "/K ");
        write_kid(doc, base, &t->kids[k - 1], fp, b);
    } else if (k) {
        buf_puts(b, "/K[");
        for (bool first = true; k; k = t->kids[k - 1].next, first = false) {
            if (!first)
                buf_putc(b, ' ');
            write_kid(doc, base, &t->kids[k - 1], fp, b);
        }
        buf_putc(b, ']');
    }
    buf_puts(b, ">>");
}

/* Leaf j of the parent tree: keys [j * TREE_LEAF, …). Key p < n_pages: the
 * elements of page p's MCIDs; key n_pages + a: the Link of annotation a. */
static void write_leaf(const PdfDoc *doc, uint32_t base, size_t j, Buf *b)
{
    const PdfTags *t = &doc->tags;
    size_t from = j * TREE_LEAF, to = from + TREE_LEAF;
    if (to > tree_keys(doc))
        to = tree_keys(doc);
    buf_printf(b, "<</Limits[%zu %zu]/Nums[", from, to - 1);
    for (size_t key = from; key < to; key++) {
        buf_printf(b, "%s%zu ", key > from ? " " : "", key);
        if (key < doc->lay->n_pages) {
            buf_putc(b, '[');
            for (size_t i = t->page_mcid[key]; i < t->page_mcid[key + 1]; i++) {
                if (i > t->page_mcid[key])
                    buf_putc(b, ' ');
                ref(b, base + t->mcid_node[i]);
            }
            buf_putc(b, ']');
        } else {
            ref(b, base + t->annots[key - doc->lay->n_pages].node);
        }
    }
    buf_puts(b, "]>>");
}

/* PdfExtra.write: extra object i, or (i == PdfExtra.n) the tree root. */
static void write_extra(void *ctx, uint32_t base, size_t i, Buf *b)
{
    const PdfDoc *doc = ctx;
    const PdfTags *t = &doc->tags;
    size_t n = t->n_nodes;
    if (i < n) {
        write_element(doc, base, (uint32_t)i, b);
    } else if (i == n) { /* the parent tree's root */
        buf_puts(b, "<</Kids[");
        for (size_t j = 0; j < tree_leaves(doc); j++) {
            if (j)
                buf_putc(b, ' ');
            ref(b, base + (uint32_t)(n + 1 + j));
        }
        buf_puts(b, "]>>");
    } else if (i < n + 1 + tree_leaves(doc)) {
        write_leaf(doc, base, i - n - 1, b);
    } else { /* the structure tree root (the placeholder's body) */
        buf_puts(b, "<</Type/StructTreeRoot/K ");
        ref(b, base);
        buf_puts(b, "/ParentTree ");
        ref(b, base + (uint32_t)n);
        buf_printf(b, "/ParentTreeNextKey %zu>>", tree_keys(doc));
    }
}

int pdf_tags_finish(PdfDoc *doc)
{
    PdfTags *t = &doc->tags;
    if (t->n_nodes == 0)
        return pdf_fail(doc, "the layout has no document structure");
    for (uint32_t n = 1; n < t->n_nodes; n++) /* elements without content, in order */
        place(doc, n);
    /* texts as they go into the file, and the pages' object numbers */
    t->alt = arena_calloc(doc->arena, t->n_nodes, sizeof *t->alt);
    for (size_t n = 0; n < t->n_nodes; n++) {
        const StructNode *sn = &doc->lay->nodes[n];
        if (sn->alt && sn->type == ST_FIGURE)
            t->alt[n] = pdf_text_shorten(pdfmeta_clean(sn->alt, doc->arena),
                                         PDF_INFO_MAX_UTF16 / 4, PDF_INFO_MAX_UTF16, doc->arena);
    }
    t->page_num = arena_calloc(doc->arena, doc->lay->n_pages, sizeof *t->page_num);
    HPDF_STATUS r = HPDF_OK;
    for (size_t p = 0; p < doc->lay->n_pages; p++) {
        t->page_num[p] = hpdfx_obj_number(doc->pages[p]);
        r += HPDF_Dict_AddNumber(doc->pages[p], "StructParents", (HPDF_INT32)p);
    }
    HPDF_Dict root = hpdfx_new_dict_object(doc->pdf); /* its body comes from write_extra */
    HPDF_Dict mark = HPDF_Dict_New(hpdfx_mmgr(doc->pdf));
    if (!root || !mark)
        return pdf_error(doc, "creating the structure tree");
    t->root_num = hpdfx_obj_number(root);
    HPDF_Dict cat = hpdfx_catalog(doc->pdf);
    r += HPDF_Dict_AddBoolean(mark, "Marked", HPDF_TRUE);
    r += HPDF_Dict_Add(cat, "MarkInfo", mark);
    r += HPDF_Dict_Add(cat, "StructTreeRoot", root);
    if (r != HPDF_OK)
        return pdf_error(doc, "writing the structure tree");
    doc->extra = (PdfExtra){t->n_nodes + 1 + tree_leaves(doc), t->root_num, doc, write_extra};
    return pdf_check(doc, "writing the structure tree");
}

void pdf_tags_end_page(PdfDoc *doc, size_t page)
{
    doc->tags.page_mcid[page + 1] = doc->tags.n_mcid;
}
