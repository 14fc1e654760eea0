/**
 * Lambda's event filtering for Kinesis mappings: {@link io.riffle.triggers.filter.EventPattern} compiles and matches
 * one pattern, {@link io.riffle.triggers.filter.RecordFilter} holds a mapping's filters (ORed) and matches a record as
 * Lambda presents it to them. Pure.
 */
package io.riffle.triggers.filter;
