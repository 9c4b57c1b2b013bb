"""Documents in, records out, RDF graphs written: readers, extractors, mapping, pipeline."""
