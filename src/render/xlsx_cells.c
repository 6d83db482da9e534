/* report.xlsx: cells kept aside and written later in row order (libxlsxwriter's constant_memory mode). */
#include <stdlib.h>
#include <string.h>

#include "render/xlsx_int.h"
#include "util/xalloc.h"

int xlsx_defer_cell(struct xlsx *x, lxw_row_t r, lxw_col_t c, const char *text, const char *formula, double v,
		    lxw_format *f)
{
	struct xlsx_cells *d = x->defer;
	struct xlsx_cell *cell;

	if (!d)
		return 0;
	XGROW(d->v, d->alloc, d->n + 1);
	cell = &d->v[d->n];
	cell->r = r;
	cell->c = c;
	cell->seq = d->n++;
	cell->text = text ? xstrdup(text) : NULL;
	cell->formula = formula ? xstrdup(formula) : NULL;
	cell->v = v;
	cell->f = f;
	return 1;
}

void xlsx_defer(struct xlsx *x, struct xlsx_cells *cells)
{
	x->defer = cells;
}

static int cmp_cell(const void *a, const void *b)
{
	const struct xlsx_cell *p = a, *q = b;

	if (p->r != q->r)
		return p->r < q->r ? -1 : 1;
	if (p->c != q->c)
		return p->c < q->c ? -1 : 1;
	return p->seq < q->seq ? -1 : p->seq > q->seq;
}

void xlsx_defer_end(struct xlsx *x)
{
	if (x->defer && x->defer->n > 1)
		qsort(x->defer->v, x->defer->n, sizeof(*x->defer->v), cmp_cell);
	x->defer = NULL;
}

void xlsx_defer_flush(struct xlsx *x, lxw_worksheet *ws, struct xlsx_cells *cells, lxw_row_t upto)
{
	for (; cells->next < cells->n && cells->v[cells->next].r <= upto; cells->next++) {
		const struct xlsx_cell *cell = &cells->v[cells->next];

		if (cell->formula)
			xlsx_check(x, worksheet_write_formula_num(ws, cell->r, cell->c, cell->formula, cell->f, cell->v));
		else if (cell->text)
			xlsx_check(x, worksheet_write_string(ws, cell->r, cell->c, cell->text, cell->f));
		else
			xlsx_check(x, worksheet_write_number(ws, cell->r, cell->c, cell->v, cell->f));
	}
}

void xlsx_cells_release(struct xlsx_cells *cells)
{
	for (size_t i = 0; i < cells->n; i++) {
		free(cells->v[i].text);
		free(cells->v[i].formula);
	}
	free(cells->v);
	memset(cells, 0, sizeof(*cells));
}

