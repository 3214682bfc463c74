"""Permission-matrix rows of the simulators app (see ``tremplin.core.testing.matrix``).

Simulators are public: everyone practises, in their own session or account, and nobody reaches
another's attempt (no attempt is ever named in a URL). Only the helpers' page shows a person."""

from tremplin.core.testing.matrix import REDIRECT, Row, cells, everyone, person_row

ROWS = {
    "simulators:index": Row("/learn/simulateurs/", everyone()),
    "simulators:sample_file": Row("/learn/simulateurs/fichiers/cv.pdf", everyone(), cacheable=True),
    "simulators:simulator_detail": Row("/learn/simulateurs/messagerie/", everyone()),
    "simulators:screen": Row("/learn/simulateurs/messagerie/boite/", everyone(REDIRECT)),
    "simulators:attempt_finish": Row(
        "/learn/simulateurs/messagerie/terminer/", everyone(REDIRECT), method="post"
    ),
    "simulators:attempt_result": Row("/learn/simulateurs/messagerie/bilan/", everyone(REDIRECT)),
    "simulators:upload_file": Row(
        "/learn/simulateurs/messagerie/mes-fichiers/attachment/", cells(anonymous=404)
    ),
    "simulators:person_simulators": person_row("/learn/simulateurs/equipe/personnes/{person}/"),
}
