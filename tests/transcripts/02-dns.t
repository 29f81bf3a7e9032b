# Per-pod DNS names: <pod>.<serviceName>.<namespace>.svc.cluster.local, resolved
# from another pod through its search path (default.svc.cluster.local ...).
$ kubectl apply -f ../../examples/giropops.yaml
statefulset.apps/giropops created
service/nginx created
$ wait
cluster settled after 7.1s
$ kubectl exec giropops-0 -- cat /etc/resolv.conf
search default.svc.cluster.local svc.cluster.local cluster.local
nameserver 10.96.0.10
options ndots:5
$ kubectl exec giropops-0 -- hostname
giropops-0
$ kubectl exec giropops-0 -- hostname -f
giropops-0.nginx.default.svc.cluster.local
$ kubectl exec giropops-0 -- nslookup giropops-1.nginx
Server:		10.96.0.10
Address:	10.96.0.10#53

Name:	giropops-1.nginx.default.svc.cluster.local
Address: 10.244.[..]

$ kubectl exec giropops-0 -- nslookup nginx
Server:		10.96.0.10
Address:	10.96.0.10#53

Name:	nginx.default.svc.cluster.local
Address: 10.244.[..]
Name:	nginx.default.svc.cluster.local
Address: 10.244.[..]
Name:	nginx.default.svc.cluster.local
Address: 10.244.[..]

$ kubectl exec giropops-0 -- nslookup giropops-7.nginx
Server:		10.96.0.10
Address:	10.96.0.10#53

** server can't find giropops-7.nginx: NXDOMAIN

command terminated with exit code 1
$ kubectl exec giropops-0 -- dig +short giropops-2.nginx.default.svc.cluster.local
10.244.[..]
$ kubectl exec giropops-0 -- dig +short -t SRV _web._tcp.nginx.default.svc.cluster.local
0 33 80 giropops-0.nginx.default.svc.cluster.local.
0 33 80 giropops-1.nginx.default.svc.cluster.local.
0 33 80 giropops-2.nginx.default.svc.cluster.local.
$ kubectl run tmp --rm -it --image=busybox:1.28 -- nslookup giropops-0.nginx
Server:    10.96.0.10
Address 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local

Name:      giropops-0.nginx
Address 1: 10.244.[..] giropops-0.nginx.default.svc.cluster.local
pod "tmp" deleted from default namespace
$ kubectl run tmp --rm -it --image=busybox -- nslookup giropops-0.nginx.default.svc.cluster.local
Server:		10.96.0.10
Address:	10.96.0.10:53

Name:	giropops-0.nginx.default.svc.cluster.local
Address: 10.244.[..]


pod "tmp" deleted from default namespace
$ kubectl run tmp --rm -it --image=busybox -- nslookup giropops-0.nginx
Server:		10.96.0.10
Address:	10.96.0.10:53

** server can't find giropops-0.nginx: NXDOMAIN

** server can't find giropops-0.nginx: NXDOMAIN

pod "tmp" deleted from default namespace
