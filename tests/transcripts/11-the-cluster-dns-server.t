# The cluster's own DNS server: CoreDNS runs in kube-system, on the control-plane
# node, behind the kube-dns Service that every pod's resolv.conf names. The node's
# NoSchedule taint keeps the course's pods on the workers.
$ kubectl get nodes
NAME            STATUS   ROLES           AGE   VERSION
control-plane   Ready    control-plane   0s    v1.34.0
node-1          Ready    <none>          0s    v1.34.0
node-2          Ready    <none>          0s    v1.34.0
node-3          Ready    <none>          0s    v1.34.0
$ kubectl get pods -n kube-system -o wide
NAME                       READY   STATUS    RESTARTS   AGE   IP           NODE            NOMINATED NODE   READINESS GATES
coredns-576f764c6f-2d8nx   1/1     Running   0          0s    10.244.0.2   control-plane   <none>           <none>
coredns-576f764c6f-8jwch   1/1     Running   0          0s    10.244.0.3   control-plane   <none>           <none>
$ kubectl get endpoints -n kube-system kube-dns
Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice
NAME       ENDPOINTS                                               AGE
kube-dns   10.244.0.2:53,10.244.0.3:53,10.244.0.2:53 + 3 more...   0s
$ kubectl apply -f ../../examples/giropops.yaml
statefulset.apps/giropops created
service/nginx created
$ wait
cluster settled after 7.1s
$ kubectl get pods -o wide
NAME         READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES
giropops-0   1/1     Running   0          7s    10.244.1.2   node-1   <none>           <none>
giropops-1   1/1     Running   0          4s    10.244.2.2   node-2   <none>           <none>
giropops-2   1/1     Running   0          2s    10.244.3.2   node-3   <none>           <none>
$ kubectl exec giropops-0 -- nslookup kube-dns.kube-system
Server:		10.96.0.10
Address:	10.96.0.10#53

Name:	kube-dns.kube-system.svc.cluster.local
Address: 10.96.0.10

