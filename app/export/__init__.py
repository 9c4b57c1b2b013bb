"""Exports of the knowledge graph: RDF dumps streamed from the store (``rdf``, ``jsonld``), a
property-graph projection for networkx (``project``), writers of its formats (``formats``), an
offline interactive view (``viz``) and a diagram of the ontology (``diagram``)."""
