/** JMH micro-benchmarks and the end-to-end load benchmark. */
package dev.hydrant.benchmarks;
