"""The application layer: the command line, the SPARQL endpoint and query page, the Python client, fetch and split."""
