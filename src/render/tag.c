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
 * their Link element as OBJR kids. The objects are made through libharu's
 * object layer (hpdfx.h). */
#include <stdio.h>
#include <string.h>

#include "../base/buf.h"
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
    t->annots[t->n_annots] = (struct TagAnnot){annot, l->node};
    place(doc, l->node);
    add_kid(doc, l->node, KID_OBJR, (uint32_t)page, (uint32_t)t->n_annots);
    t->n_annots++;
    return 0;
}

/* ---------- the structure tree ---------- */

static HPDF_Dict kid_dict(PdfDoc *doc, const char *type, HPDF_Page pg)
{
    HPDF_Dict d = HPDF_Dict_New(hpdfx_mmgr(doc->pdf));
    if (d && (HPDF_Dict_AddName(d, "Type", type) != HPDF_OK || HPDF_Dict_Add(d, "Pg", pg) != HPDF_OK))
        return NULL;
    return d;
}

/* The value of one kid of element n (whose /Pg is page fp). */
static void *kid_value(PdfDoc *doc, HPDF_Dict *el, const TagKid *k, int32_t fp)
{
    HPDF_MMgr mm = hpdfx_mmgr(doc->pdf);
    switch (k->kind) {
    case KID_NODE:
        return el[k->value];
    case KID_MCR: {
        if ((int32_t)k->page == fp)
            return HPDF_Number_New(mm, (HPDF_INT32)k->value);
        HPDF_Dict d = kid_dict(doc, "MCR", doc->pages[k->page]);
        if (d && HPDF_Dict_AddNumber(d, "MCID", (HPDF_INT32)k->value) != HPDF_OK)
            return NULL;
        return d;
    }
    default: {
        HPDF_Dict d = kid_dict(doc, "OBJR", doc->pages[k->page]);
        if (d && HPDF_Dict_Add(d, "Obj", doc->tags.annots[k->value].annot) != HPDF_OK)
            return NULL;
        return d;
    }
    }
}

static int write_element(PdfDoc *doc, HPDF_Dict *el, HPDF_Dict root, uint32_t n)
{
    const PdfTags *t = &doc->tags;
    const StructNode *sn = &doc->lay->nodes[n];
    HPDF_MMgr mm = hpdfx_mmgr(doc->pdf);
    HPDF_Dict e = el[n];
    HPDF_STATUS r = HPDF_OK;
    r += HPDF_Dict_AddName(e, "S", struct_type_names[sn->type < ST_COUNT ? sn->type : ST_P]);
    r += HPDF_Dict_Add(e, "P", n == 0 ? root : el[sn->parent < n ? sn->parent : 0]);
    int32_t fp = t->first_page[n];
    if (fp >= 0)
        r += HPDF_Dict_Add(e, "Pg", doc->pages[fp]);
    if (sn->alt && sn->type == ST_FIGURE) {
        const char *alt = pdf_text_shorten(pdfmeta_clean(sn->alt, doc->arena),
                                           PDF_INFO_MAX_UTF16 / 4, PDF_INFO_MAX_UTF16, doc->arena);
        r += HPDF_Dict_Add(e, "Alt", HPDF_String_New(mm, alt ? alt : "",
                                                     HPDF_GetEncoder(doc->pdf, "UTF-8")));
    }
    if (sn->type == ST_NOTE) { /* PDF/UA: every Note has a unique /ID */
        char id[32];
        snprintf(id, sizeof id, "note-%u", (unsigned)n);
        r += HPDF_Dict_Add(e, "ID", HPDF_String_New(mm, id, NULL));
    }
    if (sn->type == ST_TH) {
        HPDF_Dict a = HPDF_Dict_New(mm);
        if (!a)
            return -1;
        r += HPDF_Dict_AddName(a, "O", "Table");
        r += HPDF_Dict_AddName(a, "Scope", sn->scope == SCOPE_ROW ? "Row" : "Column");
        r += HPDF_Dict_Add(e, "A", a);
    }
    uint32_t k = t->kid_first[n];
    if (k && !t->kids[k - 1].next) { /* one kid: the value itself */
        void *v = kid_value(doc, el, &t->kids[k - 1], fp);
        r += v ? HPDF_Dict_Add(e, "K", v) : HPDF_FAILD_TO_ALLOC_MEM;
    } else if (k) {
        HPDF_Array kids = HPDF_Array_New(mm);
        if (!kids)
            return -1;
        for (; k; k = t->kids[k - 1].next) {
            void *v = kid_value(doc, el, &t->kids[k - 1], fp);
            r += v ? hpdfx_array_add(kids, v) : HPDF_FAILD_TO_ALLOC_MEM;
        }
        r += HPDF_Dict_Add(e, "K", kids);
    }
    return r == HPDF_OK ? 0 : -1;
}

/* /ParentTree: page i -> the elements of its MCIDs; key n_pages + j -> the
 * Link element of annotation j. */
static HPDF_Dict parent_tree(PdfDoc *doc, HPDF_Dict *el)
{
    const PdfTags *t = &doc->tags;
    HPDF_MMgr mm = hpdfx_mmgr(doc->pdf);
    HPDF_Dict tree = hpdfx_new_dict_object(doc->pdf);
    HPDF_Array nums = HPDF_Array_New(mm);
    if (!tree || !nums)
        return NULL;
    HPDF_STATUS r = HPDF_Dict_Add(tree, "Nums", nums);
    for (size_t p = 0; p < doc->lay->n_pages; p++) {
        HPDF_Array arr = HPDF_Array_New(mm);
        if (!arr)
            return NULL;
        for (size_t i = t->page_mcid[p]; i < t->page_mcid[p + 1]; i++)
            r += hpdfx_array_add(arr, el[t->mcid_node[i]]);
        r += hpdfx_array_add(nums, HPDF_Number_New(mm, (HPDF_INT32)p));
        r += hpdfx_array_add(nums, arr);
        r += HPDF_Dict_AddNumber(doc->pages[p], "StructParents", (HPDF_INT32)p);
    }
    for (size_t j = 0; j < t->n_annots; j++) {
        r += hpdfx_array_add(nums, HPDF_Number_New(mm, (HPDF_INT32)(doc->lay->n_pages + j)));
        r += hpdfx_array_add(nums, el[t->annots[j].node]);
    }
    return r == HPDF_OK ? tree : NULL;
}

int pdf_tags_finish(PdfDoc *doc)
{
    PdfTags *t = &doc->tags;
    if (t->n_nodes == 0)
        return pdf_fail(doc, "the layout has no document structure");
    for (uint32_t n = 1; n < t->n_nodes; n++) /* elements without content, in order */
        place(doc, n);
    HPDF_Dict root = hpdfx_new_dict_object(doc->pdf);
    HPDF_Dict *el = arena_calloc(doc->arena, t->n_nodes, sizeof *el);
    if (!root)
        return pdf_error(doc, "creating the structure tree");
    for (size_t n = 0; n < t->n_nodes; n++)
        if (!(el[n] = hpdfx_new_dict_object(doc->pdf)))
            return pdf_error(doc, "creating the structure tree");
    for (uint32_t n = 0; n < t->n_nodes; n++)
        if (write_element(doc, el, root, n) != 0)
            return pdf_error(doc, "writing the structure tree");
    HPDF_Dict tree = parent_tree(doc, el);
    HPDF_Dict mark = HPDF_Dict_New(hpdfx_mmgr(doc->pdf));
    HPDF_Dict cat = hpdfx_catalog(doc->pdf);
    HPDF_STATUS r = tree && mark ? HPDF_OK : HPDF_FAILD_TO_ALLOC_MEM;
    r += HPDF_Dict_AddName(root, "Type", "StructTreeRoot");
    r += HPDF_Dict_Add(root, "K", el[0]);
    r += HPDF_Dict_Add(root, "ParentTree", tree);
    r += HPDF_Dict_AddNumber(root, "ParentTreeNextKey",
                             (HPDF_INT32)(doc->lay->n_pages + t->n_annots));
    r += HPDF_Dict_AddBoolean(mark, "Marked", HPDF_TRUE);
    r += HPDF_Dict_Add(cat, "MarkInfo", mark);
    r += HPDF_Dict_Add(cat, "StructTreeRoot", root);
    if (r != HPDF_OK)
        return pdf_error(doc, "writing the structure tree");
    return pdf_check(doc, "writing the structure tree");
}

void pdf_tags_end_page(PdfDoc *doc, size_t page)
{
    doc->tags.page_mcid[page + 1] = doc->tags.n_mcid;
}
