"""Optuna search: trials are sampled from the chosen ranges, stored in SQLite, and tracked as nested MLflow runs."""

import optuna
import pytest

from train.classifier import ClassifierArguments
from train.search import SearchArguments, run_search

from .test_classifier_training import two_class_files


def test_two_trial_search_is_stored_resumable_and_tracked(tmp_path, plm_dir, tracking_uri):
    train_file, validation_file = two_class_files(tmp_path)
    base = ClassifierArguments(
        model_name_or_path=str(plm_dir),
        train_file=train_file,
        validation_file=validation_file,
        output_dir=tmp_path / "search",
        num_train_epochs=1,
        tracking_uri=tracking_uri,
    )
    storage = f"sqlite:///{tmp_path / 'optuna.db'}"
    search = SearchArguments(
        study_name="tiny",
        storage=storage,
        n_trials=2,
        parameters=["learning_rate", "optimizer"],
        learning_rate_min=1e-4,
        learning_rate_max=1e-3,
        optimizers=["adamw", "rmsprop"],
    )
    study = run_search(base, search)
    assert len(study.trials) == 2
    for trial in study.trials:
        assert 1e-4 <= trial.params["learning_rate"] <= 1e-3
        assert trial.params["optimizer"] in {"adamw", "rmsprop"}
    resumed = optuna.load_study(study_name="tiny", storage=storage)
    assert len(resumed.trials) == 2

    import mlflow

    mlflow.set_tracking_uri(tracking_uri)
    runs = mlflow.search_runs(experiment_names=["dialect-classifier"])
    parent = runs[runs["tags.kind"] == "search"]
    assert len(parent) == 1
    children = runs[runs["tags.mlflow.parentRunId"] == parent["run_id"].iloc[0]]
    assert sorted(children["params.optimizer"]) == sorted(trial.params["optimizer"] for trial in study.trials)


def test_unknown_search_parameter_is_refused(tmp_path, plm_dir, tracking_uri):
    base = ClassifierArguments(model_name_or_path=str(plm_dir), tracking_uri=tracking_uri)
    search = SearchArguments(storage=f"sqlite:///{tmp_path / 'optuna.db'}", parameters=["dropout"], n_trials=1)
    with pytest.raises(ValueError, match="dropout"):
        run_search(base, search)
