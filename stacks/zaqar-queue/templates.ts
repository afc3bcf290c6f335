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

/**
 * A pre-signed URL for the queue (binding stack).
 * - `methods`: Heat's `OS::Zaqar::SignedQueueURL` allows only GET, DELETE, PATCH, POST and PUT
 *   (an AllowedValues constraint in heat/engine/resources/openstack/zaqar/queue.py): no HEAD.
 * - Outputs MUST be strings: Heat resolves the `paths` and `methods` attributes to lists, and one
 *   list-valued output makes terraform-provider-openstack 3.4.0 drop every output of the stack
 *   (`output_value` is a TypeString, upstream issue #1612). `list_join` with "," gives exactly the
 *   values Zaqar reads from the `URL-Paths` and `URL-Methods` headers (it splits them on ",":
 *   zaqar/common/transport/wsgi/helpers.py, verify_pre_signed_url).
 */
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
      methods: [GET, POST, PUT, PATCH, DELETE]
      paths: [messages, claims, subscriptions]
outputs:
  signature:
    value: {get_attr: [signed, signature]}
  expires:
    value: {get_attr: [signed, expires]}
  project:
    value: {get_attr: [signed, project]}
  paths:
    value: {list_join: [",", {get_attr: [signed, paths]}]}
  methods:
    value: {list_join: [",", {get_attr: [signed, methods]}]}
`;
