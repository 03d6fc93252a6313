"""Generated data, apart from the domain code: the 2006 Dialogue demo that ``make run`` loads
(``dialogue``, with its illustrative ``statements``) and the large data set of the load tests
(``scale``). Nothing in the app imports this package; the management commands ``load_demo``
and ``seed_scale`` and the tests do."""
