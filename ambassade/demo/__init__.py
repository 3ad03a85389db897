"""The bundled offline demo: Maison Lemoine, a fictional French bakery chain."""
