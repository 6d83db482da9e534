-- Size of the database in bytes, and the bytes of free pages inside it.
SELECT c.page_count * s.page_size AS size, f.freelist_count * s.page_size AS free_bytes
  FROM pragma_page_count() AS c, pragma_page_size() AS s, pragma_freelist_count() AS f;
