"""cleantext: strip boilerplate from scraped pages, with a removal log."""
