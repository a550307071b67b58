/** A real redis-server for tests: started from the machine's binary, on loopback, port 0. */
package dev.devproxy.testkit.redis;
