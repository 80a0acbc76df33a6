/** The example producer program and the integration test harness. */
package dev.hydrant.examples;
