/**
 * End-to-end fine-tuning of a BERT-style sentence encoder (all-MiniLM-L6-v2) for text
 * classification on DJL's PyTorch engine: {@link dev.mle4j.nlp.finetune.BertEncoderBlock} takes the
 * pretrained weights from the ONNX file, {@link dev.mle4j.nlp.finetune.MiniLmFineTuneTrainer}
 * trains every weight, {@link dev.mle4j.nlp.finetune.FineTunedTextClassifier} classifies, saves and
 * loads.
 */
package dev.mle4j.nlp.finetune;
