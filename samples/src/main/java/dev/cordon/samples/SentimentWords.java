package dev.cordon.samples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The AFINN-165 word list (vendored under {@code dev/cordon/samples/afinn}, see its README for the
 * licence): 3,382 English words and phrases rated from -5 to +5, spelled out as character ids for
 * a sequence model. Every fifth word is held out for testing; the others come in a seeded
 * random order.
 */
public final class SentimentWords {

  /** Characters per word: longer ones are cut, shorter ones padded with 0. */
  public static final int LENGTH = 20;
  /** 0 padding, 1 any other character, 2-27 a-z, 28 space, 29 apostrophe, 30 hyphen, 31-40 digits. */
  public static final int VOCABULARY = 41;
  /** |rating| at or above which a word counts as strong. */
  public static final int STRONG = 3;

  private static final String RESOURCE = "/dev/cordon/samples/afinn/AFINN-165.tsv";

  /** Words with their ids and labels: positive (rating > 0) and strong (|rating| >= 3), 0 or 1. */
  public record Words(List<String> words, int[][] chars, int[] positive, int[] strong) {
    public int size() {
      return words.size();
    }
  }

  private final Words train;
  private final Words test;

  private SentimentWords(Words train, Words test) {
    this.train = train;
    this.test = test;
  }

  public static SentimentWords load() {
    List<String> words = new ArrayList<>();
    List<Integer> ratings = new ArrayList<>();
    try (InputStream in = SentimentWords.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = r.readLine()) != null; ) {
        int tab = line.indexOf('\t');
        words.add(line.substring(0, tab));
        ratings.add(Integer.parseInt(line.substring(tab + 1)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Integer> train = new ArrayList<>();
    List<Integer> test = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      (i % 5 == 4 ? test : train).add(i);
    }
    // The list is alphabetical: shuffle the training words (seeded) so that a validation split,
    // which takes the last ones, is not all words from "t" to "z".
    java.util.Collections.shuffle(train, new java.util.Random(165));
    return new SentimentWords(select(words, ratings, train), select(words, ratings, test));
  }

  private static Words select(List<String> words, List<Integer> ratings, List<Integer> which) {
    int n = which.size();
    List<String> w = new ArrayList<>();
    int[][] chars = new int[n][];
    int[] positive = new int[n];
    int[] strong = new int[n];
    for (int i = 0; i < n; i++) {
      int k = which.get(i);
      w.add(words.get(k));
      chars[i] = encode(words.get(k));
      positive[i] = ratings.get(k) > 0 ? 1 : 0;
      strong[i] = Math.abs(ratings.get(k)) >= STRONG ? 1 : 0;
    }
    return new Words(List.copyOf(w), chars, positive, strong);
  }

  /** The character ids of {@code word}, cut or padded to {@link #LENGTH}. */
  public static int[] encode(String word) {
    int[] ids = new int[LENGTH];
    for (int i = 0; i < Math.min(LENGTH, word.length()); i++) {
      char c = Character.toLowerCase(word.charAt(i));
      ids[i] = c >= 'a' && c <= 'z' ? 2 + (c - 'a')
          : c == ' ' ? 28 : c == '\'' ? 29 : c == '-' ? 30 : c >= '0' && c <= '9' ? 31 + (c - '0') : 1;
    }
    return ids;
  }

  public Words train() {
    return train;
  }

  public Words test() {
    return test;
  }
}
