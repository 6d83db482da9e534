/* Lookup in the tables of embedded files. */
#include <string.h>

#include "util/embedded.h"

const struct embedded_file *embedded_find(const struct embedded_file *table, const char *name)
{
	for (; table->name; table++)
		if (!strcmp(table->name, name))
			return table;
	return NULL;
}
