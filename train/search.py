"""Hyperparameter search over the classifier with Optuna: TPE sampling, per-epoch pruning, SQLite storage.

Each trial is a classifier run tracked in MLflow (nested under one parent run per search), so the
Experiments page shows trials next to single runs, and the Optuna study can be resumed and charted.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import optuna
from transformers import TrainerCallback

from train.classifier import OPTIMIZERS, SCHEDULERS, ClassifierArguments, train_classifier
from train.stores import optuna_storage, sqlite_path
from train.tracking import flat_params, mlflow_client

SEARCHABLE = (
    "learning_rate",
    "train_batch_size",
    "num_train_epochs",
    "optimizer",
    "weight_decay",
    "adam_epsilon",
    "scheduler",
    "warmup_ratio",
    "freeze_layers",
    "loss",
    "sampler",
)


@dataclass
class SearchArguments:
    """What to search, how many trials, and where the study lives."""

    study_name: str = "classifier-search"
    storage: str = field(default_factory=optuna_storage)
    n_trials: int = 10
    timeout_seconds: int | None = None
    parameters: list[str] = field(
        default_factory=lambda: ["learning_rate", "train_batch_size", "weight_decay", "warmup_ratio"],
        metadata={"help": f"Any of: {', '.join(SEARCHABLE)}."},
    )
    learning_rate_min: float = 1e-5
    learning_rate_max: float = 1e-3
    batch_sizes: list[int] = field(default_factory=lambda: [16, 32, 64])
    epochs_min: int = 1
    epochs_max: int = 5
    optimizers: list[str] = field(default_factory=lambda: ["adamw", "rmsprop"])
    schedulers: list[str] = field(default_factory=lambda: ["linear", "cosine"])
    weight_decay_max: float = 0.1
    warmup_ratio_max: float = 0.2
    max_frozen_layers: int = 2
    objective: str = field(
        default="accuracy", metadata={"help": "Validation metric to maximise: accuracy or macro_f1."}
    )
    sampler_seed: int = 13


def check_search(search: SearchArguments) -> None:
    """Raise ``ValueError`` naming any parameter, optimizer or scheduler that cannot be searched."""
    unknown = set(search.parameters) - set(SEARCHABLE)
    if unknown:
        raise ValueError(f"cannot search {sorted(unknown)}; searchable: {', '.join(SEARCHABLE)}")
    if set(search.optimizers) - set(OPTIMIZERS) or set(search.schedulers) - set(SCHEDULERS):
        raise ValueError(f"optimizers must be among {list(OPTIMIZERS)} and schedulers among {list(SCHEDULERS)}")
    if not search.parameters:
        raise ValueError("choose at least one parameter to search")


def sample_parameters(trial: optuna.Trial, search: SearchArguments) -> dict[str, object]:
    """Draw the chosen hyperparameters from their ranges (learning rate and epsilon on a log scale)."""
    space = {
        "learning_rate": lambda: trial.suggest_float(
            "learning_rate", search.learning_rate_min, search.learning_rate_max, log=True
        ),
        "train_batch_size": lambda: trial.suggest_categorical("train_batch_size", search.batch_sizes),
        "num_train_epochs": lambda: trial.suggest_int("num_train_epochs", search.epochs_min, search.epochs_max),
        "optimizer": lambda: trial.suggest_categorical("optimizer", search.optimizers),
        "weight_decay": lambda: trial.suggest_float("weight_decay", 0.0, search.weight_decay_max),
        "adam_epsilon": lambda: trial.suggest_float("adam_epsilon", 1e-9, 1e-6, log=True),
        "scheduler": lambda: trial.suggest_categorical("scheduler", search.schedulers),
        "warmup_ratio": lambda: trial.suggest_float("warmup_ratio", 0.0, search.warmup_ratio_max),
        "freeze_layers": lambda: trial.suggest_int("freeze_layers", 0, search.max_frozen_layers),
        "loss": lambda: trial.suggest_categorical("loss", ["cross_entropy", "focal", "label_smoothing"]),
        "sampler": lambda: trial.suggest_categorical("sampler", ["random", "balanced"]),
    }
    return {name: space[name]() for name in search.parameters}


class OptunaPruningCallback(TrainerCallback):
    """Reports the validation metric after every epoch and stops the run when Optuna prunes the trial."""

    def __init__(self, trial: optuna.Trial, metric: str) -> None:
        self.trial = trial
        self.metric = metric
        self.pruned = False

    def on_evaluate(self, args, state, control, metrics=None, **kwargs) -> None:
        value = (metrics or {}).get(f"eval_{self.metric}")
        if value is None:
            return
        self.trial.report(float(value), step=round(state.epoch or 0))
        if self.trial.should_prune():
            self.pruned = True
            control.should_training_stop = True


def run_search(base: ClassifierArguments, search: SearchArguments) -> optuna.Study:
    """Run (or resume) the study named ``search.study_name``; return it with every trial."""
    check_search(search)
    database = sqlite_path(search.storage)
    if database is not None:
        database.parent.mkdir(parents=True, exist_ok=True)
    study = optuna.create_study(
        study_name=search.study_name,
        storage=search.storage,
        direction="maximize",
        sampler=optuna.samplers.TPESampler(seed=search.sampler_seed),
        pruner=optuna.pruners.MedianPruner(n_startup_trials=2, n_warmup_steps=1),
        load_if_exists=True,
    )
    mlflow = mlflow_client(base.tracking_uri, base.experiment)
    with mlflow.start_run(run_name=search.study_name, tags={"kind": "search"}) as parent:
        mlflow.log_params(flat_params({f"search_{key}": value for key, value in vars(search).items()}))

        def objective(trial: optuna.Trial) -> float:
            pruning = OptunaPruningCallback(trial, search.objective)
            args = replace(
                base,
                **sample_parameters(trial, search),
                output_dir=base.output_dir / f"trial-{trial.number}",
                run_name=f"{search.study_name}-trial-{trial.number}",
                parent_run_id=parent.info.run_id,
                metric_for_best_model=search.objective,
                publish_dir=None,
                ngram_evidence=False,
            )
            result = train_classifier(args, callbacks=[pruning])
            trial.set_user_attr("mlflow_run_id", result.run_id)
            if pruning.pruned:
                raise optuna.TrialPruned()
            if result.status != "finished":
                trial.study.stop()
                raise optuna.TrialPruned()
            return result.metrics[search.objective]

        study.optimize(objective, n_trials=search.n_trials, timeout=search.timeout_seconds, catch=(ValueError,))
        finished = [t for t in study.trials if t.state == optuna.trial.TrialState.COMPLETE]
        if finished:
            mlflow.log_metric(f"best_{search.objective}", study.best_value)
            mlflow.log_params(flat_params({f"best_{key}": value for key, value in study.best_params.items()}))
    return study
