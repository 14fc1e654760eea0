package io.riffle.aws.wire;

/** What every generated structure says about itself: its shape's name in the service model. */
public interface WireShape {
    String wireShapeName();
}
