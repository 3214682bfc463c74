"""Permission-matrix rows of the open-data app: public files, cacheable."""

from tremplin.core.testing.matrix import Row, everyone

ROWS = {
    name: Row(path, everyone(), cacheable=True)
    for name, path in {
        "opendata:index": "/opendata/",
        "opendata:datapackage": "/opendata/datapackage.json",
        "opendata:di_structures": "/opendata/data-inclusion/structures.json",
        "opendata:di_services": "/opendata/data-inclusion/services.json",
        "opendata:lmn_csv": "/opendata/lieux-mediation-numerique.csv",
        "opendata:lmn_json": "/opendata/lieux-mediation-numerique.json",
    }.items()
}
