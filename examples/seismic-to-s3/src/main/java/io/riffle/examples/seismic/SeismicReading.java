package io.riffle.examples.seismic;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One reading as a station sends it: where and when, the event's magnitude and depth, and the sensor's own
 * housekeeping (temperature, battery, gain) that nobody downstream needs. The transform keeps {@link #relevant()}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SeismicReading(
        @JsonProperty("station") String station,
        @JsonProperty("time") String time,
        @JsonProperty("magnitude") double magnitude,
        @JsonProperty("depthKm") double depthKm,
        @JsonProperty("latitude") double latitude,
        @JsonProperty("longitude") double longitude,
        @JsonProperty("sensorTempC") Double sensorTempC,
        @JsonProperty("batteryV") Double batteryV,
        @JsonProperty("gain") Integer gain) {

    /** Below this magnitude a reading is background noise: the transform drops it. */
    public static final double NOISE_BELOW_MAGNITUDE = 2.5;

    @JsonIgnore
    public boolean isNoise() {
        return magnitude < NOISE_BELOW_MAGNITUDE;
    }

    /** The attributes worth delivering: the housekeeping fields left out. */
    public SeismicReading relevant() {
        return new SeismicReading(station, time, magnitude, depthKm, latitude, longitude, null, null, null);
    }
}
