"""The worker's side of a corpus run: Work JSON in, a serialised Record out. Models load once per process."""

from __future__ import annotations

import os

from ficlens.corpus.language import work_language
from ficlens.corpus.records import Record, Task
from ficlens.corpus.rows import error_row, work_rows
from ficlens.model import DEFAULT_PROFILE, Profile, Work
from ficlens.options import AnalysisOptions

ONE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
WARM_UP_TEXT = '"You came back," said Ann.\n\n"I did," Tom answered.'


def load_models(profile: Profile = DEFAULT_PROFILE) -> None:
    """Load every model the profile uses now, not on the first work."""
    import ficlens

    ficlens.analyze(WARM_UP_TEXT, profile=profile)


def start_worker(profile: Profile = DEFAULT_PROFILE) -> None:
    """A pool process or Ray actor: load the models, then keep to one core, so N workers use N cores without
    oversubscribing them (NumPy's BLAS and LightGBM's OpenMP would otherwise start a thread per core in each)."""
    from threadpoolctl import threadpool_limits

    os.environ.update(ONE_THREAD)  # for a library first loaded after this
    load_models(profile)
    threadpool_limits(limits=1)  # for those loaded already: limits reach only the libraries in the process


def structure_only(work: Work) -> None:
    from ficlens.pipeline import build_pipeline, run_stages

    run_stages(work, build_pipeline(["structure"]), AnalysisOptions())


def analyse_task(task: Task) -> str:
    """Analyse one work; any failure becomes an `errors` record, so one bad work never stops a run."""
    import ficlens

    try:
        work = Work.from_json(task.work_json)
        language = work_language(work.metadata.language, work.text)
        skipped = None
        if language.is_english:
            ficlens.analyze_work(work, max_words=task.max_words, profile=task.profile)
        else:
            skipped = f"language {language.code} ({language.source}): ficlens's models read English only"
            structure_only(work)
        tables = work_rows(work, task.work_hash, task.source, language, skipped)
        words = tables["works"][0]["words"]
        return Record("work", task.source, task.work_hash, tables, words, skipped is None).to_json()
    except Exception as error:  # noqa: BLE001 - recorded in the errors table with its class
        row = error_row(task.source, task.work_hash, "analyse", error)
        return Record("error", task.source, task.work_hash, {"errors": [row]}).to_json()
