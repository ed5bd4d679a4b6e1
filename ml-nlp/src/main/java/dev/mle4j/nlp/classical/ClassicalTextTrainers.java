package dev.mle4j.nlp.classical;

import dev.mle4j.core.MlException;
import dev.mle4j.nlp.TextClassifierTrainer;
import dev.mle4j.nlp.TextTrainerProvider;
import dev.mle4j.nlp.data.LabeledText;
import dev.mle4j.nlp.text.Stemmer;
import dev.mle4j.nlp.text.TextAnalyzerOptions;
import dev.mle4j.nlp.tfidf.TfidfLogRegTrainer;
import dev.mle4j.nlp.tfidf.TfidfOptions;
import dev.mle4j.nlp.tfidf.Weighting;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Creates the classical text models by name: {@code tfidf-logreg} and {@code bow-logreg} (logistic
 * regression, {@link TfidfLogRegTrainer}), {@code tfidf-nb} and {@code bow-nb} (multinomial naive
 * Bayes) and {@code tfidf-xgboost} (XGBoost), each on uni- and bigram features ({@code tfidf-*}:
 * TF-IDF weights; {@code bow-*}: term counts). Registered as a {@link TextTrainerProvider}.
 *
 * <p>{@link #create(String, Map, boolean, long)} overrides the defaults with named parameters, the
 * same names {@link #searchSpace} uses and {@link #search} tunes:
 *
 * <ul>
 *   <li>features (every model): {@code ngram_range} ({@code 1-2}; {@code 0-0} for none), {@code
 *       char_ngram_range} ({@code 0-0}, e.g. {@code 2-5}), {@code min_df}, {@code max_features},
 *       {@code sublinear_tf}, {@code lowercase}, {@code remove_punctuation}, {@code stop_words},
 *       {@code stemming} ({@code none|porter|kstem}), {@code min_token_length};
 *   <li>logistic regression: {@code l2}, {@code epochs}, {@code learning_rate}, {@code
 *       balance_classes};
 *   <li>naive Bayes: {@code alpha};
 *   <li>XGBoost: {@code rounds}, {@code max_depth}, {@code eta}, {@code feature_subsample}, {@code
 *       threads}.
 * </ul>
 *
 * <p>Defaults are general-purpose text settings, not tuned to one data set; {@code quick} lowers
 * the logistic regression's epochs and XGBoost's rounds. XGBoost keeps the 5,000 most frequent
 * terms by default (the others 50,000): its histogram tree method costs time per feature, and trees
 * use few features. Stateless and thread-safe.
 */
public final class ClassicalTextTrainers implements TextTrainerProvider {

  /** TF-IDF + logistic regression. */
  public static final String TFIDF_LOGREG = "tfidf-logreg";

  /** Bag of words (counts) + logistic regression. */
  public static final String BOW_LOGREG = "bow-logreg";

  /** TF-IDF + multinomial naive Bayes. */
  public static final String TFIDF_NB = "tfidf-nb";

  /** Bag of words (counts) + multinomial naive Bayes. */
  public static final String BOW_NB = "bow-nb";

  /** TF-IDF + XGBoost. */
  public static final String TFIDF_XGBOOST = "tfidf-xgboost";

  private static final Set<String> NAMES =
      Set.of(TFIDF_LOGREG, BOW_LOGREG, TFIDF_NB, BOW_NB, TFIDF_XGBOOST);

  private static final Set<String> FEATURE_KEYS =
      Set.of(
          "ngram_range",
          "char_ngram_range",
          "min_df",
          "max_features",
          "sublinear_tf",
          "lowercase",
          "remove_punctuation",
          "stop_words",
          "stemming",
          "min_token_length");

  /** Creates the provider (used by {@link java.util.ServiceLoader}). */
  public ClassicalTextTrainers() {}

  @Override
  public Set<String> names() {
    return NAMES;
  }

  @Override
  public TextClassifierTrainer create(String name, boolean quick, long seed) {
    return create(name, Map.of(), quick, seed);
  }

  /**
   * Creates a trainer with some parameters overriding the defaults.
   *
   * @param name one of {@link #names()}
   * @param parameters parameter name to value (see the class documentation); may be empty
   * @param quick small budget
   * @param seed random seed
   * @return the trainer
   * @throws MlException if the name or a parameter is unknown for this model, or a value invalid
   */
  public TextClassifierTrainer create(
      String name, Map<String, String> parameters, boolean quick, long seed) {
    checkName(name);
    Set<String> allowed = new TreeSet<>(FEATURE_KEYS);
    allowed.addAll(modelKeys(name));
    for (String key : parameters.keySet()) {
      if (!allowed.contains(key)) {
        throw new MlException(
            "unknown parameter '" + key + "' for " + name + "; known parameters: " + allowed);
      }
    }
    Params p = new Params(name, parameters);
    TfidfOptions features = features(name, p);
    return switch (name) {
      case TFIDF_LOGREG, BOW_LOGREG ->
          TfidfLogRegTrainer.builder()
              .trainerName(name)
              .modelName(name)
              .vectorizer(features)
              .l2(p.decimal("l2", 0.1))
              .epochs(p.integer("epochs", quick ? 5 : 10))
              .learningRate(p.decimal("learning_rate", 1.0))
              .balanceClasses(p.bool("balance_classes", false))
              .seed(seed)
              .build();
      case TFIDF_NB -> TribuoTextTrainer.naiveBayes(name, features, p.decimal("alpha", 0.1));
      case BOW_NB -> TribuoTextTrainer.naiveBayes(name, features, p.decimal("alpha", 1.0));
      case TFIDF_XGBOOST ->
          TribuoTextTrainer.xgboost(
              name,
              features,
              p.integer("rounds", quick ? 100 : 300),
              p.integer("max_depth", 6),
              p.decimal("eta", 0.3),
              p.decimal("feature_subsample", 1.0),
              p.integer("threads", 1),
              seed);
      default -> throw new IllegalStateException(name);
    };
  }

  /**
   * The default search space of a model: its main regularisation knobs and the n-gram range.
   *
   * @param name one of {@link #names()}
   * @param quick a smaller space for {@code --quick} runs
   * @return the space
   * @throws MlException if the name is unknown
   */
  public ParameterSpace searchSpace(String name, boolean quick) {
    checkName(name);
    ParameterSpace.Builder b = ParameterSpace.builder();
    switch (name) {
      case TFIDF_LOGREG, BOW_LOGREG -> {
        b.add("l2", quick ? List.of("0.01", "0.1", "1.0") : List.of("0.01", "0.1", "1.0", "10.0"));
        b.add("ngram_range", "1-1", "1-2");
        if (!quick) {
          b.add("min_df", "1", "2");
        }
      }
      case TFIDF_NB, BOW_NB -> {
        b.add("alpha", "0.01", "0.1", "0.5", "1.0");
        b.add("ngram_range", "1-1", "1-2");
        if (!quick) {
          b.add("min_df", "1", "2");
        }
      }
      case TFIDF_XGBOOST -> {
        b.add("max_depth", "4", "6");
        b.add("eta", "0.1", "0.3");
        if (!quick) {
          b.add("rounds", "100", "300");
        }
      }
      default -> throw new IllegalStateException(name);
    }
    return b.build();
  }

  /**
   * Searches the default space of a model with stratified k-fold on the training rows (3 folds and
   * at most 6 random trials when quick, else 5 folds and 12 trials). Train the final model with
   * {@code create(name, result.best().parameters(), quick, seed)}.
   *
   * @param name one of {@link #names()}
   * @param train the training rows only (never validation or test rows)
   * @param mode grid or random
   * @param quick small budget
   * @param seed seed of the folds, the random draws and the trainers
   * @return the ranked results; write them with {@link SearchResult#writeTo}
   * @throws MlException if the name is unknown or the data cannot be split into the folds
   */
  public SearchResult search(
      String name, List<LabeledText> train, SearchMode mode, boolean quick, long seed) {
    checkName(name);
    return HyperparameterSearch.builder()
        .model(name)
        .trainerFactory(params -> create(name, params, quick, seed))
        .space(searchSpace(name, quick))
        .mode(mode)
        .trials(quick ? 6 : 12)
        .folds(quick ? 3 : 5)
        .seed(seed)
        .build()
        .run(train);
  }

  private static void checkName(String name) {
    if (!NAMES.contains(name)) {
      throw new MlException(
          "unknown classical text model '" + name + "'; known: " + new TreeSet<>(NAMES));
    }
  }

  private static Set<String> modelKeys(String name) {
    return switch (name) {
      case TFIDF_LOGREG, BOW_LOGREG -> Set.of("l2", "epochs", "learning_rate", "balance_classes");
      case TFIDF_NB, BOW_NB -> Set.of("alpha");
      case TFIDF_XGBOOST -> Set.of("rounds", "max_depth", "eta", "feature_subsample", "threads");
      default -> Set.of();
    };
  }

  private static TfidfOptions features(String name, Params p) {
    TextAnalyzerOptions analyzer =
        TextAnalyzerOptions.builder()
            .lowercase(p.bool("lowercase", true))
            .removePunctuation(p.bool("remove_punctuation", true))
            .removeStopWords(p.bool("stop_words", false))
            .stemmer(p.stemmer("stemming", Stemmer.NONE))
            .minTokenLength(p.integer("min_token_length", 2))
            .build();
    int[] words = p.range("ngram_range", 1, 2);
    int[] chars = p.range("char_ngram_range", 0, 0);
    return TfidfOptions.builder()
        .analyzer(analyzer)
        .weighting(name.startsWith("bow-") ? Weighting.COUNT : Weighting.TFIDF)
        .ngramRange(words[0], words[1])
        .charNgramRange(chars[0], chars[1])
        .minDf(p.integer("min_df", 2))
        .maxFeatures(p.integer("max_features", name.equals(TFIDF_XGBOOST) ? 5_000 : 50_000))
        .sublinearTf(p.bool("sublinear_tf", false))
        .build();
  }

  /** Typed access to string parameters with clear errors. */
  private record Params(String model, Map<String, String> values) {

    private String raw(String key) {
      String v = values.get(key);
      return v == null ? null : v.trim();
    }

    private MlException bad(String key, String expected) {
      return new MlException(
          model + " parameter " + key + "='" + values.get(key) + "' is not " + expected);
    }

    int integer(String key, int fallback) {
      String v = raw(key);
      if (v == null) {
        return fallback;
      }
      try {
        return Integer.parseInt(v);
      } catch (NumberFormatException e) {
        throw bad(key, "an integer");
      }
    }

    double decimal(String key, double fallback) {
      String v = raw(key);
      if (v == null) {
        return fallback;
      }
      try {
        double d = Double.parseDouble(v);
        if (!Double.isFinite(d)) {
          throw bad(key, "a finite number");
        }
        return d;
      } catch (NumberFormatException e) {
        throw bad(key, "a number");
      }
    }

    boolean bool(String key, boolean fallback) {
      String v = raw(key);
      if (v == null) {
        return fallback;
      }
      return switch (v.toLowerCase(Locale.ROOT)) {
        case "true" -> true;
        case "false" -> false;
        default -> throw bad(key, "true or false");
      };
    }

    Stemmer stemmer(String key, Stemmer fallback) {
      String v = raw(key);
      if (v == null) {
        return fallback;
      }
      try {
        return Stemmer.valueOf(v.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        Set<String> known = new LinkedHashSet<>();
        for (Stemmer s : Stemmer.values()) {
          known.add(s.name().toLowerCase(Locale.ROOT));
        }
        throw bad(key, "one of " + known);
      }
    }

    int[] range(String key, int min, int max) {
      String v = raw(key);
      if (v == null) {
        return new int[] {min, max};
      }
      String[] parts = v.split("-");
      try {
        if (parts.length == 1) {
          int n = Integer.parseInt(parts[0]);
          return new int[] {n, n};
        }
        if (parts.length == 2) {
          return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
        }
      } catch (NumberFormatException e) {
        throw bad(key, "a range MIN-MAX such as 1-2");
      }
      throw bad(key, "a range MIN-MAX such as 1-2");
    }
  }
}
