/**
 * Several devproxy nodes behind one load balancer, sharing one Redis: {@link dev.devproxy.redis.RedisFleet} connects
 * a node and hands out the {@link dev.devproxy.redis.RedisReplayStore} (a launch token is spent once across the
 * fleet) and the {@link dev.devproxy.redis.RedisRevocationStore} (a revocation made on any node refuses the
 * credential and closes its WebSockets on every node), and closes a workspace's sockets fleet-wide;
 * {@link dev.devproxy.redis.RedisSettings} says where Redis is and how to reach it.
 */
package dev.devproxy.redis;
