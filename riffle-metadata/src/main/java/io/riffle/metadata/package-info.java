/** placeholder: filled by the front-door issue. */
package io.riffle.metadata;
