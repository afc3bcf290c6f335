/** HOT templates of the zaqar-queue construct (literals: Heat's own functions only, no `${`). */

/** The queue (instance stack). */
export const QUEUE_TEMPLATE = `heat_template_version: 2018-08-31
description: Zaqar queue of an Open Service Broker instance
parameters:
  queue_name:
    type: string
  default_message_ttl:
    type: number
    default: 3600
resources:
  queue:
    type: OS::Zaqar::Queue
    properties:
      name: {get_param: queue_name}
      metadata:
        _default_message_ttl: {get_param: default_message_ttl}
outputs:
  queue_id:
    description: The queue's name
    value: {get_attr: [queue, queue_id]}
  href:
    description: The queue's URL
    value: {get_attr: [queue, href]}
`;

/** A pre-signed URL for the queue (binding stack). */
export const SIGNED_URL_TEMPLATE = `heat_template_version: 2018-08-31
description: Pre-signed Zaqar queue URL of an Open Service Broker binding
parameters:
  queue_name:
    type: string
  ttl:
    type: number
    default: 31536000
resources:
  signed:
    type: OS::Zaqar::SignedQueueURL
    properties:
      queue: {get_param: queue_name}
      ttl: {get_param: ttl}
      methods: [GET, HEAD, POST, PUT, DELETE]
      paths: [messages, claims, subscriptions]
outputs:
  signature:
    value: {get_attr: [signed, signature]}
  expires:
    value: {get_attr: [signed, expires]}
  project:
    value: {get_attr: [signed, project]}
  paths:
    value: {get_attr: [signed, paths]}
  methods:
    value: {get_attr: [signed, methods]}
`;
