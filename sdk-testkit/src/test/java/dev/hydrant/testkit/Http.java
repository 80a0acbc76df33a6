package dev.hydrant.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** Raw HTTP calls to the emulator with the JDK client over its TLS. */
final class Http {

  private Http() {}

  static HttpClient client(FirehoseEmulator emulator) {
    return HttpClient.newBuilder()
        .sslContext(emulator.sslContext())
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  static HttpResponse<String> post(HttpClient client, URI uri, byte[] body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> post(HttpClient client, URI uri, String body, String... headers)
      throws IOException, InterruptedException {
    return post(client, uri, body.getBytes(StandardCharsets.UTF_8), headers);
  }

  static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  static String single(String stream, String text) {
    return "{\"DeliveryStreamName\":\"" + stream + "\",\"Data\":\"" + b64(text) + "\"}";
  }

  static String batch(String stream, String... texts) {
    StringBuilder body =
        new StringBuilder("{\"DeliveryStreamName\":\"" + stream + "\",\"Records\":[");
    for (int i = 0; i < texts.length; i++) {
      body.append(i == 0 ? "" : ",").append("{\"Data\":\"").append(b64(texts[i])).append("\"}");
    }
    return body.append("]}").toString();
  }
}
