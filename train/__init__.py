"""Training package: corpus, tokenizer, PLM pretraining, classifier and translator training, search."""
