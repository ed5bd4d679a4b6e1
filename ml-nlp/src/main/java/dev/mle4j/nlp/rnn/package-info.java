/**
 * Recurrent text classifiers on DJL's PyTorch engine (CPU): simple RNN, LSTM, GRU and bidirectional
 * LSTM over word embeddings (random, GloVe) or MiniLM's WordPiece token embeddings, with early
 * stopping, checkpointing, saving and loading.
 */
package dev.mle4j.nlp.rnn;
