package dev.cordon.it;

import com.acme.Ranker;
import dev.cordon.Isolated;
import dev.cordon.Wire;

/** Nests {@link Pair} and ranks only its second embedding, so the score needs one input. */
@Isolated(scope = "paired")
@Wire(from = "pair.bEmbedding", to = "ranker.embedding")
public interface PairedRanker {
  Pair pair();

  Ranker ranker();
}
