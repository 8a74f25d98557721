"""Tools over the library: the command line, re-parsing kept pages, the fixture tool and the local
stand-in for the ANTARA sites."""
