package dev.mle4j.benchmarks.load;

import java.util.Locale;

/** The model-server route a {@link ServingStudy} loads; both take {@code {"text": "..."}}. */
public enum StudyEndpoint {
  /** {@code POST /v1/models/{name}/classify}: the text classification route. */
  CLASSIFY,
  /** {@code POST /v1/models/{name}/predict}: the generic prediction route. */
  PREDICT;

  /**
   * The request path for one model.
   *
   * @param model the served model name
   * @return e.g. {@code /v1/models/sms-spam/classify}
   */
  public String path(String model) {
    return "/v1/models/" + model + "/" + routeName();
  }

  /**
   * The last path segment of the route.
   *
   * @return {@code classify} or {@code predict}
   */
  public String routeName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
