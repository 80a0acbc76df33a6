package dev.hydrant.internal.pipeline;

import dev.hydrant.AttemptEnd;
import dev.hydrant.AttemptStart;
import dev.hydrant.DeliveryFailure;
import dev.hydrant.DeliveryHealth;
import dev.hydrant.DeliveryListener;
import dev.hydrant.DropReason;
import dev.hydrant.EventRef;
import dev.hydrant.FailureReason;
import java.time.Duration;
import java.util.List;

/** Calls two listeners in order: the application's, then Hydrant's own (the dead-letter file). */
public record BothListeners(DeliveryListener first, DeliveryListener second)
    implements DeliveryListener {

  @Override
  public void onAccepted(String deviceId, long seq) {
    first.onAccepted(deviceId, seq);
    second.onAccepted(deviceId, seq);
  }

  @Override
  public void onDelivered(List<EventRef> events) {
    first.onDelivered(events);
    second.onDelivered(events);
  }

  @Override
  public void onRetry(int attempt, String reason, Duration wait) {
    first.onRetry(attempt, reason, wait);
    second.onRetry(attempt, reason, wait);
  }

  @Override
  public void onFailed(FailureReason reason, String detail, List<EventRef> events) {
    try {
      first.onFailed(reason, detail, events);
    } finally {
      second.onFailed(reason, detail, events);
    }
  }

  @Override
  public void onFailed(DeliveryFailure failure, List<EventRef> events) {
    try {
      first.onFailed(failure, events);
    } finally {
      second.onFailed(failure, events);
    }
  }

  @Override
  public void onAttemptStart(AttemptStart attempt) {
    try {
      first.onAttemptStart(attempt);
    } finally {
      second.onAttemptStart(attempt);
    }
  }

  @Override
  public void onAttemptEnd(AttemptEnd attempt) {
    try {
      first.onAttemptEnd(attempt);
    } finally {
      second.onAttemptEnd(attempt);
    }
  }

  @Override
  public void onDropped(DropReason reason, long count, List<EventRef> events) {
    first.onDropped(reason, count, events);
    second.onDropped(reason, count, events);
  }

  @Override
  public void onHealthChanged(DeliveryHealth previous, DeliveryHealth current) {
    first.onHealthChanged(previous, current);
    second.onHealthChanged(previous, current);
  }
}
