// Lazily created wink-nlp instance: loading the model costs ~0.5 s, so only callers that need
// POS tags or negation pay for it, and they pay once per process.
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

type WinkNlp = ReturnType<typeof winkNLP>;

let instance: WinkNlp | null = null;

export function getNlp(): WinkNlp {
  instance ??= winkNLP(model);
  return instance;
}
